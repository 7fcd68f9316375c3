package io.ape.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ApeException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.EscalationResolution;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.TokenBinding;
import io.ape.api.Tool;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.FakeDecisionPoint;
import io.ape.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Explores every sequence of API calls up to {@link #DEPTH} against a small world (a two-step
 * plan, two tenants, one approving escalation resolver) and checks the invariants of
 * {@link FormalModel} after every call.
 *
 * <p>Breadth-first: each sequence is replayed on a fresh world and every call of it checked;
 * sequences that reach an already-visited state are not extended again. A state is a fingerprint
 * of everything the next call can depend on (run state, intent and plan versions and approval,
 * next step, the last token's state and binding, outstanding tokens, policy version, tool
 * counts, the other tenant's state), so merging them is exact. The exploration runs until no
 * new state appears (it converges after about a dozen calls), so every sequence of calls of any
 * length, and in particular every one of length 6 or more, is covered up to that state.
 */
class ModelExplorationTest {
  private static final int MAX_DEPTH = 30;
  private static final EscalationHandler APPROVER = new EscalationHandler(
      request -> EscalationResolution.approve(request, "operator", Provenance.USER_TRUSTED),
      Duration.ofSeconds(10));

  @AfterAll
  static void closeApprover() {
    APPROVER.close();
  }

  /** The calls a client can make, good and bad. */
  enum Call {
    SET_INTENT, SET_INTENT_UNTRUSTED, CHANGE_INTENT, SUBMIT_PLAN, SUBMIT_PLAN_UNTRUSTED,
    SUBMIT_OTHER_PLAN, APPROVE_PLAN, APPROVE_PLAN_UNTRUSTED, TO_INTENT_SET, TO_PLAN_APPROVED,
    TO_EXECUTING, TO_ESCALATION_REQUIRED, TERMINATE, ISSUE_STEP_0, ISSUE_STEP_1, EXECUTE_LAST,
    EXECUTE_FORGED, EXECUTE_SUBSTITUTED, EXECUTE_IN_OTHER_TENANT, REVOKE_ALL, RELOAD_POLICY,
    EXPIRE
  }

  private static final Set<Call> UNTRUSTED = Set.of(Call.SET_INTENT_UNTRUSTED,
      Call.SUBMIT_PLAN_UNTRUSTED, Call.APPROVE_PLAN_UNTRUSTED);
  private static final Set<Call> ATTACKS = Set.of(Call.EXECUTE_FORGED, Call.EXECUTE_SUBSTITUTED,
      Call.EXECUTE_IN_OTHER_TENANT);

  @Test
  void everySequenceOfCallsKeepsTheInvariants() {
    Set<String> seen = new HashSet<>();
    List<List<Call>> frontier = new ArrayList<>();
    frontier.add(List.of());
    seen.add(new World().fingerprint());
    int transitions = 0;
    Map<String, Integer> reached = new HashMap<>();
    int depth = 0;
    while (!frontier.isEmpty() && depth < MAX_DEPTH) {
      depth++;
      List<List<Call>> next = new ArrayList<>();
      for (List<Call> prefix : frontier) {
        for (Call call : Call.values()) {
          List<Call> path = new ArrayList<>(prefix);
          path.add(call);
          World w = new World();
          for (Call c : path) {
            w.apply(c);
          }
          transitions++;
          assertThat(w.violations).as("invariant violations after %s", path).isEmpty();
          String fp = w.fingerprint();
          w.stats(reached);
          if (seen.add(fp)) {
            next.add(path);
          }
        }
      }
      frontier = next;
    }
    // the exploration converged: every state reachable by any sequence was extended with
    // every call, so every sequence of any length (in particular of length >= 6) is covered
    assertThat(frontier).as("states left unexplored").isEmpty();
    assertThat(depth).isGreaterThanOrEqualTo(6);
    assertThat(transitions).isEqualTo(seen.size() * Call.values().length);
    // and it is meaningful: it reached the interesting places
    assertThat(seen.size()).isGreaterThan(200);
    assertThat(reached).containsKeys("both steps ran", "escalation approved", "terminated",
        "token issued", "replay refused", "expired", "policy reloaded with token outstanding");
  }

  /** A fresh engine with tenant A (explored) and tenant B (executing the same plan). */
  static final class World {
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemoryAuditSink sink = new InMemoryAuditSink(512);
    final AuditLog audit = AuditLog.builder().clock(clock).sink(sink).build();
    final FakeDecisionPoint policy = new FakeDecisionPoint().allow("read_file")
        .escalate("write_file").recordRequests(false);
    final InMemoryAuthorityIssuer issuer = InMemoryAuthorityIssuer.builder().clock(clock).build();
    final ToolRegistry tools = new ToolRegistry();
    final List<String> violations = new ArrayList<>();
    final Map<String, Plan> plans = new HashMap<>();
    final Map<String, String> names = new HashMap<>();
    final RuntimeOrchestrator runtimeA;
    final IntentManager intentsA;
    final PlanManager plansA;
    final AuthorityManager authorityA;
    final EnforcementGate gateA;
    RuntimeOrchestrator runtimeB;
    EnforcementGate gateB;
    final Intent intent;
    final Intent otherIntent;
    final Plan plan;
    final Plan otherPlan;
    int toolRuns;
    int checkedUpTo;
    boolean terminatedSeen;
    AuthorityToken last;
    Call lastCall;
    boolean lastRefused;

    World() {
      Tool checking = this::toolInvoked;
      tools.register("read_file", checking, false);
      tools.register("write_file", checking, false);
      runtimeA = RuntimeOrchestrator.builder().tenant("tenant-a").session("s").audit(audit).build();
      intentsA = new IntentManager(runtimeA);
      plansA = new PlanManager(intentsA, policy);
      authorityA = AuthorityManager.builder(runtimeA, plansA, policy).issuer(issuer)
          .escalation(APPROVER).build();
      gateA = new EnforcementGate(authorityA, tools);
      intent = new Intent("tenant-a", List.of("read_file", "write_file"), List.of(), List.of(),
          "explore", "", Map.of());
      otherIntent = new Intent("tenant-a", List.of("read_file"), List.of(), List.of(),
          "explore-other", "", Map.of());
      plan = new Plan("tenant-a", List.of(PlanStep.of("read_file", Map.of("path", "a")),
          PlanStep.of("write_file", Map.of("path", "b"))), "", Map.of());
      otherPlan = new Plan("tenant-a", List.of(PlanStep.of("read_file", Map.of("path", "c"))), "",
          Map.of());
      register("I1", ApeHashes.intentVersion(intent));
      register("I2", ApeHashes.intentVersion(otherIntent));
      register("P1", ApeHashes.planHash(plan));
      plans.put(ApeHashes.planHash(plan), plan);
      register("P2", ApeHashes.planHash(otherPlan));
      plans.put(ApeHashes.planHash(otherPlan), otherPlan);

      checkAudit();
    }

    /** Tenant B, executing the same plan, is set up when a call first needs it. */
    private EnforcementGate otherTenantGate() {
      if (gateB == null) {
        runtimeB = RuntimeOrchestrator.builder().tenant("tenant-b").session("s").audit(audit).build();
        IntentManager intentsB = new IntentManager(runtimeB);
        PlanManager plansB = new PlanManager(intentsB, policy);
        AuthorityManager authorityB = AuthorityManager.builder(runtimeB, plansB, policy)
            .issuer(issuer).escalation(APPROVER).build();
        gateB = new EnforcementGate(authorityB, tools);
        Intent intentB = new Intent("tenant-b", intent.allowedActions(), List.of(), List.of(),
            "explore", "", Map.of());
        Plan planB = new Plan("tenant-b", plan.steps(), "", Map.of());
        plans.put(ApeHashes.planHash(planB), planB);
        intentsB.set(intentB, Provenance.USER_TRUSTED);
        runtimeB.transition(RuntimeState.INTENT_SET);
        plansB.submit(planB, Provenance.USER_TRUSTED);
        plansB.approve(Provenance.USER_TRUSTED);
        runtimeB.transition(RuntimeState.PLAN_APPROVED);
        runtimeB.transition(RuntimeState.EXECUTING);
      }
      return gateB;
    }

    private void register(String name, String hash) {
      names.put(hash, name);
    }

    private String name(String hash) {
      return hash == null ? "-" : names.getOrDefault(hash, "?");
    }

    void apply(Call call) {
      String before = authorityFingerprint();
      RuntimeState stateBefore = runtimeA.state();
      int runsBefore = toolRuns;
      lastCall = call;
      lastRefused = false;
      try {
        perform(call);
      } catch (ApeException expected) {
        lastRefused = true;
        if (UNTRUSTED.contains(call) && !(expected instanceof ProvenanceException)) {
          violations.add(call + " refused with " + expected + " instead of a provenance error");
        }
      } catch (RuntimeException e) {
        violations.add(call + " threw an untyped " + e);
      }
      if (UNTRUSTED.contains(call)) {
        if (!lastRefused) {
          violations.add(call + " was accepted from an untrusted channel");
        }
        if (!before.equals(authorityFingerprint())) {
          violations.add(call + " (untrusted) changed the authority state");
        }
      }
      if (ATTACKS.contains(call) && toolRuns != runsBefore) {
        violations.add(call + " ran a tool");
      }
      if (stateBefore == RuntimeState.TERMINATED && runtimeA.state() != RuntimeState.TERMINATED) {
        violations.add("left TERMINATED with " + call);
      }
      if (terminatedSeen && toolRuns != runsBefore) {
        violations.add("a tool ran after TERMINATED");
      }
      terminatedSeen |= runtimeA.state() == RuntimeState.TERMINATED;
      checkAudit();
    }

    private void perform(Call call) {
      switch (call) {
        case SET_INTENT: intentsA.set(intent, Provenance.USER_TRUSTED); break;
        case SET_INTENT_UNTRUSTED: intentsA.set(intent, Provenance.EXTERNAL_UNTRUSTED); break;
        case CHANGE_INTENT: intentsA.set(otherIntent, Provenance.USER_TRUSTED); break;
        case SUBMIT_PLAN: plansA.submit(plan, Provenance.USER_TRUSTED); break;
        case SUBMIT_PLAN_UNTRUSTED: plansA.submit(plan, Provenance.EXTERNAL_UNTRUSTED); break;
        case SUBMIT_OTHER_PLAN: plansA.submit(otherPlan, Provenance.SYSTEM_TRUSTED); break;
        case APPROVE_PLAN: plansA.approve(Provenance.USER_TRUSTED); break;
        case APPROVE_PLAN_UNTRUSTED: plansA.approve(Provenance.EXTERNAL_UNTRUSTED); break;
        case TO_INTENT_SET: runtimeA.transition(RuntimeState.INTENT_SET); break;
        case TO_PLAN_APPROVED: runtimeA.transition(RuntimeState.PLAN_APPROVED); break;
        case TO_EXECUTING: runtimeA.transition(RuntimeState.EXECUTING); break;
        case TO_ESCALATION_REQUIRED: runtimeA.transition(RuntimeState.ESCALATION_REQUIRED); break;
        case TERMINATE: runtimeA.transition(RuntimeState.TERMINATED); break;
        case ISSUE_STEP_0: issue(0); break;
        case ISSUE_STEP_1: issue(1); break;
        case EXECUTE_LAST: gateA.execute(last, actionOf(last)); break;
        case EXECUTE_FORGED: gateA.execute(forgedCopyOf(last), actionOf(last)); break;
        case EXECUTE_SUBSTITUTED: gateA.execute(last, substituted(last)); break;
        case EXECUTE_IN_OTHER_TENANT: otherTenantGate().execute(last); break;
        case REVOKE_ALL: authorityA.revokeAll("explicit"); break;
        case RELOAD_POLICY: policy.reload(); break;
        case EXPIRE: clock.advance(Duration.ofSeconds(61)); break;
        default: throw new IllegalStateException(call.name());
      }
    }

    private void issue(int k) {
      Action action = plansA.approved().isPresent() && k < plansA.approved().get().size()
          ? Action.forStep(plansA.approved().get(), k)
          : new Action(k == 0 ? "read_file" : "write_file", k == 0 ? "read_file" : "write_file",
              Map.of("path", k == 0 ? "a" : "b"), intentsA.version().orElse(Sha256.hex("none")),
              plansA.hash().orElse(Sha256.hex("none")), k);
      AuthorityToken t = authorityA.issue(action);
      if (runtimeA.state() != RuntimeState.EXECUTING) {
        violations.add("a token was returned while the run is " + runtimeA.state());
      }
      last = t;
    }

    private Action actionOf(AuthorityToken t) {
      if (t == null) {
        return new Action("read_file", "read_file", Map.of("path", "a"), Sha256.hex("x"),
            Sha256.hex("y"), 0);
      }
      TokenBinding b = t.binding();
      return new Action(b.actionId(), b.toolId(), t.parameters(), b.intentVersion(), b.planHash(),
          b.stepIndex());
    }

    private Action substituted(AuthorityToken t) {
      Action a = actionOf(t);
      return new Action(a.actionId(), a.toolId(), Map.of("path", "/etc/shadow"), a.intentVersion(),
          a.planHash(), a.stepIndex());
    }

    private AuthorityToken forgedCopyOf(AuthorityToken t) {
      if (t == null) {
        return null;
      }
      return new AuthorityToken() {
        @Override public String reference() { return t.reference(); }
        @Override public TokenBinding binding() { return t.binding(); }
        @Override public Map<String, Object> parameters() { return t.parameters(); }
        @Override public Instant issuedAt() { return t.issuedAt(); }
        @Override public Instant expiresAt() { return t.expiresAt(); }
        @Override public String policyVersion() { return t.policyVersion(); }
      };
    }

    /** Runs inside the gate; the TOOL_EXECUTION_STARTED event must already be recorded. */
    private Object toolInvoked(Map<String, Object> params) {
      toolRuns++;
      List<AuditEvent> events = sink.events();
      AuditEvent started = events.get(events.size() - 1);
      if (started.type() != AuditEventType.TOOL_EXECUTION_STARTED) {
        violations.add("tool ran without a preceding TOOL_EXECUTION_STARTED record");
        return null;
      }
      RuntimeOrchestrator run = started.tenantId().equals("tenant-a") ? runtimeA : runtimeB;
      if (run == null) {
        violations.add("tool ran for an unknown tenant " + started.tenantId());
        return null;
      }
      if (run.state() != RuntimeState.EXECUTING) {
        violations.add("tool ran while the run was " + run.state());
      }
      String ref = started.tokenRef();
      long consumed = events.stream().filter(e -> e.type() == AuditEventType.TOKEN_CONSUMED
          && e.tokenRef().equals(ref)).count();
      long startedWithRef = events.stream().filter(e -> e.type() == AuditEventType.TOOL_EXECUTION_STARTED
          && e.tokenRef().equals(ref)).count();
      AuditEvent issued = events.stream().filter(e -> e.type() == AuditEventType.TOKEN_ISSUED
          && e.tokenRef().equals(ref)).findFirst().orElse(null);
      if (ref.isEmpty() || consumed != 1 || startedWithRef != 1) {
        violations.add("tool ran without exactly one consumption of its token (" + ref + ")");
      }
      if (issued == null || issued.decision() != Outcome.ALLOW) {
        violations.add("tool ran for a token not issued under an ALLOW");
      } else if (!issued.tenantId().equals(started.tenantId())) {
        violations.add("tool ran in another tenant than its token's");
      }
      Plan p = plans.get(started.planHash());
      if (p == null || started.stepIndex() < 0 || started.stepIndex() >= p.steps().size()) {
        violations.add("tool ran for an unknown plan step");
      } else {
        PlanStep s = p.steps().get(started.stepIndex());
        if (!s.parameters().equals(params) || !s.toolId().equals(started.toolId())) {
          violations.add("tool ran with parameters or tool other than the plan step's");
        }
        long earlier = events.stream().filter(e -> e.type() == AuditEventType.TOOL_EXECUTION_FINISHED
            && e.tenantId().equals(started.tenantId()) && e.planHash().equals(started.planHash())
            && "success".equals(e.details().get("outcome"))).count();
        if (earlier != started.stepIndex()) {
          violations.add("step " + started.stepIndex() + " ran after " + earlier + " finished steps");
        }
      }
      return "ok";
    }

    /** Checks the new audit records: issuance only in EXECUTING, nothing after TERMINATED. */
    private void checkAudit() {
      List<AuditEvent> events = sink.events();
      Map<String, String> state = new HashMap<>();
      for (AuditEvent e : events) {
        String tenant = e.tenantId();
        String s = state.getOrDefault(tenant, "INITIALIZED");
        if (e.sequence() > checkedUpTo) {
          if (e.type() == AuditEventType.TOKEN_ISSUED && !s.equals("EXECUTING")) {
            violations.add("token issued for " + tenant + " in " + s);
          }
          if (s.equals("TERMINATED") && (e.type() == AuditEventType.TOKEN_ISSUED
              || e.type() == AuditEventType.TOOL_EXECUTION_STARTED
              || e.type() == AuditEventType.STATE_TRANSITION)) {
            violations.add(e.type() + " after TERMINATED");
          }
        }
        if (e.type() == AuditEventType.STATE_TRANSITION) {
          state.put(tenant, e.details().get("to_state"));
        }
      }
      long started = events.stream().filter(e -> e.type() == AuditEventType.TOOL_EXECUTION_STARTED).count();
      if (started != toolRuns) {
        violations.add("tool runs (" + toolRuns + ") differ from audited starts (" + started + ")");
      }
      checkedUpTo = events.isEmpty() ? 0 : (int) events.get(events.size() - 1).sequence();
    }

    /** What untrusted calls must not change. */
    private String authorityFingerprint() {
      return runtimeA.state() + "|" + name(intentsA.version().orElse(null)) + "|"
          + name(plansA.hash().orElse(null)) + "|" + plansA.isApproved() + "|"
          + authorityA.nextStep() + "|" + issuer.outstanding();
    }

    String fingerprint() {
      StringBuilder sb = new StringBuilder(authorityFingerprint());
      if (last == null) {
        sb.append("|last=none");
      } else {
        TokenBinding b = last.binding();
        sb.append("|last=").append(issuer.stateOf(last)).append(',').append(issuer.isOutstanding(last))
            .append(',').append(b.stepIndex()).append(',').append(name(b.intentVersion()))
            .append(',').append(name(b.planHash()))
            .append(',').append(last.policyVersion().equals(policy.policyVersion()));
      }
      sb.append("|runs=").append(toolRuns)
          .append("|B=").append(runtimeB == null ? RuntimeState.EXECUTING : runtimeB.state())
          .append("|term=").append(terminatedSeen);
      return sb.toString();
    }

    void stats(Map<String, Integer> reached) {
      List<AuditEvent> events = sink.events();
      if (events.stream().filter(e -> e.type() == AuditEventType.TOOL_EXECUTION_FINISHED
          && e.tenantId().equals("tenant-a")).count() >= 2) {
        reached.merge("both steps ran", 1, Integer::sum);
      }
      if (events.stream().anyMatch(e -> e.type() == AuditEventType.ESCALATION_RESOLVED
          && e.decision() == Outcome.ALLOW)) {
        reached.merge("escalation approved", 1, Integer::sum);
      }
      if (runtimeA.isTerminated()) {
        reached.merge("terminated", 1, Integer::sum);
      }
      if (last != null) {
        reached.merge("token issued", 1, Integer::sum);
      }
      if (lastCall == Call.EXECUTE_LAST && lastRefused && last != null
          && issuer.stateOf(last) == io.ape.core.authority.TokenState.CONSUMED) {
        reached.merge("replay refused", 1, Integer::sum);
      }
      if (last != null && issuer.stateOf(last) == io.ape.core.authority.TokenState.EXPIRED) {
        reached.merge("expired", 1, Integer::sum);
      }
      if (lastCall == Call.RELOAD_POLICY && last != null && issuer.isOutstanding(last)) {
        reached.merge("policy reloaded with token outstanding", 1, Integer::sum);
      }
    }
  }
}
