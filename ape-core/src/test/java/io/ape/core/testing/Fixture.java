package io.ape.core.testing;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.provenance.ParameterTrustPolicy;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.util.List;
import java.util.Map;

/** One engine's shared parts (clock, audit, policy, issuer, tools) and a factory for runs. */
public final class Fixture {
  public final MutableClock clock = new MutableClock();
  public final InMemoryAuditSink sink = new InMemoryAuditSink(1 << 16);
  public final AuditLog audit = AuditLog.builder().clock(clock).sink(sink).build();
  public final FakeDecisionPoint policy = new FakeDecisionPoint();
  public final InMemoryAuthorityIssuer issuer = InMemoryAuthorityIssuer.builder().clock(clock).build();
  public final ToolRegistry tools = new ToolRegistry();

  public Run run() {
    return run("default", "s1");
  }

  public Run run(String tenant, String session) {
    return run(tenant, session, EscalationHandler.denyAll(), EnforcementMode.ENFORCE);
  }

  public Run run(String tenant, String session, EscalationHandler escalation, EnforcementMode mode) {
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(tenant).session(session)
        .audit(audit).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, policy);
    AuthorityManager authority = AuthorityManager.builder(runtime, plans, policy).issuer(issuer)
        .escalation(escalation).parameterTrust(ParameterTrustPolicy.strict()).build();
    EnforcementGate gate = EnforcementGate.builder(authority, tools).mode(mode)
        .allowDisabledMode(mode == EnforcementMode.DISABLED).build();
    return new Run(runtime, intents, plans, authority, gate);
  }

  public List<AuditEvent> events(AuditEventType type) {
    return sink.events(type);
  }

  /** One run and its managers. */
  public static final class Run {
    public final RuntimeOrchestrator runtime;
    public final IntentManager intents;
    public final PlanManager plans;
    public final AuthorityManager authority;
    public final EnforcementGate gate;

    Run(RuntimeOrchestrator runtime, IntentManager intents, PlanManager plans,
        AuthorityManager authority, EnforcementGate gate) {
      this.runtime = runtime;
      this.intents = intents;
      this.plans = plans;
      this.authority = authority;
      this.gate = gate;
    }

    public String tenant() {
      return runtime.tenantId();
    }

    public Intent intent(String... allowed) {
      return new Intent(tenant(), List.of(allowed), List.of(), List.of(), "test", "", Map.of());
    }

    public Plan plan(PlanStep... steps) {
      return new Plan(tenant(), List.of(steps), "", Map.of());
    }

    /** Declares the intent, submits and approves the plan, and moves to EXECUTING. */
    public Run executing(Intent intent, Plan plan) {
      intents.set(intent, Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      plans.submit(plan, Provenance.USER_TRUSTED);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
      return this;
    }

    public Action step(int k) {
      return authority.actionForStep(k);
    }

    public AuthorityToken issue(int k) {
      return authority.issue(step(k));
    }

    public Labeled<Object> runStep(int k) {
      return gate.execute(issue(k), step(k));
    }
  }

  public static PlanStep step(String action, Map<String, ?> params) {
    return PlanStep.of(action, params);
  }

  public static PlanStep step(String action, String tool, Map<String, Object> params) {
    return new PlanStep(action, tool, params, "");
  }
}
