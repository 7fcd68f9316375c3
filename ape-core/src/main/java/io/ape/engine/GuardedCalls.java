package io.ape.engine;

import io.ape.api.ActionIds;
import io.ape.api.ActionParameterException;
import io.ape.api.ActionRepositoryException;
import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.AuthorityException;
import io.ape.api.CallStatus;
import io.ape.api.Decision;
import io.ape.api.DecisionException;
import io.ape.api.EscalationRequiredException;
import io.ape.api.GuardedCallResult;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanException;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyConditionException;
import io.ape.api.PolicyDenyException;
import io.ape.api.ProposedCall;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionNotFoundException;
import io.ape.api.StateUnavailableException;
import io.ape.api.TenantMismatchException;
import io.ape.api.ToolExecutionException;
import io.ape.api.ToolNotRegisteredException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.authority.Action;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.internal.pipeline.OneRun;
import io.ape.core.internal.pipeline.StepTargets;
import io.ape.core.session.Session;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guarded call of an {@link ApeEngine} (see {@link ApeEngine#call}): checks what can be
 * checked before the pipeline (session, tool, argument bounds, intent, schema, labels), then runs
 * the call as a one-step plan through {@link OneRun} — the pipeline of the plan path — and turns
 * the outcome into a {@link GuardedCallResult}. Thread-safe.
 */
final class GuardedCalls {
  /** The most characters of text all arguments of one call may hold together. */
  static final int MAX_ARGUMENT_CHARS = 1 << 20;
  /** The most values (leaves and containers) the arguments of one call may hold. */
  static final int MAX_ARGUMENT_VALUES = 10_000;
  private static final String STAGE = "guarded_call";

  private final ApeEngine engine;
  private final EngineParts parts;
  private final String correlationPrefix;
  private final AtomicLong correlations = new AtomicLong();
  private final String callPrefix;
  private final AtomicLong calls = new AtomicLong();

  GuardedCalls(ApeEngine engine, EngineParts parts) {
    this.engine = engine;
    this.parts = parts;
    SecureRandom random = new SecureRandom();
    this.correlationPrefix = "gc-" + Long.toHexString(random.nextLong()) + "-";
    byte[] prefix = new byte[16];
    random.nextBytes(prefix);
    this.callPrefix = java.util.HexFormat.of().formatHex(prefix);
  }

  /** {@link AgentSession#call}: the proposed call of a session object. */
  GuardedCallResult call(EngineSession session, String toolId, Map<String, ?> arguments) {
    if (toolId == null || arguments == null) {
      String cid = nextCorrelationId();
      return refuse(cid, session.tenantId(), session.reference(), "", toolId == null ? ""
          : toolId, Map.of(), null, new PlanValidationException(List.of("no " + (toolId == null
              ? "tool id" : "arguments") + " given"), "a guarded call needs a tool id and an "
              + "argument map (empty if the tool takes none); got null " + (toolId == null
              ? "tool id" : "arguments")));
    }
    ToolRegistrations.Registered r = engine.registration(toolId);
    String action = r != null ? r.actionId() : toolId;
    ProposedCall call;
    try {
      call = ProposedCall.of(session.tenantId(), session.id(), action, toolId, arguments);
    } catch (ApeException e) {
      return refuse(nextCorrelationId(), session.tenantId(), session.reference(), action, toolId,
          Map.of(), null, e);
    } catch (RuntimeException e) {
      return refuse(nextCorrelationId(), session.tenantId(), session.reference(), action, toolId,
          Map.of(), null, new ActionParameterException(action, "the arguments cannot be read: "
              + e.getClass().getSimpleName()));
    }
    return call(call);
  }

  /** The guarded call. Never throws. */
  GuardedCallResult call(ProposedCall call) {
    String cid = nextCorrelationId();
    if (call == null) {
      return refuse(cid, parts.tenant(), "", "", "", Map.of(), null,
          new PlanValidationException(List.of("no call given"), "a guarded call needs a "
              + "ProposedCall; got null"));
    }
    try {
      return parts.audit().withDetail(ApeOrchestrator.CORRELATION_ID, cid, () -> guarded(call, cid));
    } catch (RuntimeException | StackOverflowError e) {
      ApeException error = e instanceof ApeException ae ? ae
          : new GuardedCallFailedException("the guarded call failed inside APE: " + e, e);
      return new GuardedCallResult(statusOf(error), null, decisionOf(error, null), error,
          Map.of(), cid);
    }
  }

  private GuardedCallResult guarded(ProposedCall call, String cid) {
    if (engine.isClosed()) {
      return refuse(cid, call.tenantId(), "", call.actionId(), call.toolId(), Map.of(), null,
          new GuardedCallFailedException("the engine is closed"));
    }
    // the session: known, this tenant's, active here and in the shared state
    EngineSession es = null;
    Session session;
    try {
      es = engine.session(call.tenantId(), call.sessionId());
      if (es == null) {
        throw new SessionNotFoundException("no open session has this id in this tenant (it was "
            + "never opened, or it ended)");
      }
      session = es.session();
      parts.sessions().ensureActiveEverywhere(session);
    } catch (ApeException e) {
      return refuse(cid, call.tenantId(), es == null || e instanceof TenantMismatchException ? ""
          : es.reference(), call.actionId(), call.toolId(), Map.of(), null, e);
    }
    String tenant = session.tenantId();
    String ref = session.reference();
    // the tool and its action
    ToolRegistrations.Registered reg = engine.registration(call.toolId());
    if (reg == null) {
      return refuse(cid, tenant, ref, call.actionId(), call.toolId(), Map.of(), null,
          new ToolNotRegisteredException("no tool is registered as '"
              + ActionIds.printable(call.toolId()) + "'"));
    }
    if (!reg.actionId().equals(call.actionId())) {
      return refuse(cid, tenant, ref, call.actionId(), call.toolId(), Map.of(), null,
          new PlanValidationException(List.of("tool/action mismatch"), "tool '" + reg.toolId()
              + "' performs action '" + reg.actionId() + "', not '"
              + ActionIds.printable(call.actionId()) + "'"));
    }
    String action = reg.actionId();
    Map<String, Object> parameters = call.parameters();
    String bounds = boundsViolation(parameters);
    if (bounds != null) {
      return refuse(cid, tenant, ref, action, reg.toolId(), Map.of(), null,
          new ActionParameterException(action, bounds));
    }
    // labels: the call's own for the parameters it names, else the session's tracker
    Map<String, Provenance> labels = labels(call, es);
    // the intent
    if (!es.intent().contains(action)) {
      return refuse(cid, tenant, ref, action, reg.toolId(), labels, null,
          new UnauthorizedActionException("'" + action + "' is outside the session's intent "
              + es.intent() + "; declare a wider intent through a trusted channel to use it"));
    }
    // the schema
    try {
      parameters = parts.repository().validateParameters(action, parameters);
    } catch (ApeException e) {
      return refuse(cid, tenant, ref, action, reg.toolId(), labels, null, e);
    }
    return run(cid, es, session, reg, action, parameters, labels);
  }

  private GuardedCallResult run(String cid, EngineSession es, Session session,
      ToolRegistrations.Registered reg, String action, Map<String, Object> parameters,
      Map<String, Provenance> labels) {
    String tenant = session.tenantId();
    String ref = session.reference();
    Provenance least = leastOf(labels);
    RiskLevel risk = parts.riskOf(action);
    List<String> targets = StepTargets.of(parameters);
    Decision[] allowed = new Decision[1];
    RequestContext context = new RequestContext(tenant, ref, least, es.attributes(), labels);
    OneRun.StepResult result;
    try {
      List<OneRun.StepResult> results = OneRun.builder(parts).tenant(tenant).session(ref)
          .guardedCall(es.callIntent(), nextCallId())
          .plan(new Plan(tenant, List.of(new PlanStep(action, reg.toolId(), parameters, "")),
              "guarded call", Map.of("source", STAGE)))
          .stepProvenance(List.of(least))
          .stepContexts(k -> context)
          .escalation(es.escalation())
          .approvals(parts.state().approvals())
          // limits: after the ALLOW, inside issuance, atomically in the shared state
          .issuanceCheck((binding, decision, params) -> {
            allowed[0] = decision;
            session.reserve(parts.ledgerLimits(), action, targets, risk);
          })
          .executionCheck(binding -> session.ensureActive())
          .hooks(new OneRun.Hooks() {
            @Override
            public void beforeIssue(Action a) {
              session.ensureActive();
            }

            @Override
            public void tokenIssued(Action a) {
              session.recordTokenIssued();
            }

            @Override
            public void executed(Action a, Labeled<Object> value) {
              session.recordExecuted(action, a.parameters(), least);
            }
          }).build().run();
      result = results.isEmpty() ? null : results.get(0);
    } catch (ApeException e) {
      return refuse(cid, tenant, ref, action, reg.toolId(), labels, allowed[0], e);
    }
    if (result == null) {
      return refuse(cid, tenant, ref, action, reg.toolId(), labels, allowed[0],
          new GuardedCallFailedException("the one-step plan ran no step"));
    }
    if (!result.executed()) {
      ApeException e = result.error();
      return new GuardedCallResult(statusOf(e), null, decisionOf(e, allowed[0]), e, labels, cid);
    }
    Object value = result.value().value();
    boolean trusted = engine.isTrustedSource(reg.toolId());
    if (trusted) {
      es.provenance().recordTrusted(reg.toolId(), value);
    } else {
      es.provenance().recordUntrusted(reg.toolId(), value);
    }
    Labeled<Object> labelled = trusted ? result.value()
        : new Labeled<>(value, Provenance.EXTERNAL_UNTRUSTED);
    Decision decision = allowed[0] != null ? allowed[0]
        : result.observedRefusal() != null ? decisionOf(result.observedRefusal(), null) : null;
    return new GuardedCallResult(CallStatus.EXECUTED, labelled, decision, null, labels, cid);
  }

  private static Map<String, Provenance> labels(ProposedCall call, EngineSession es) {
    Map<String, Object> parameters = call.parameters();
    if (parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, Provenance> out = new HashMap<>(es.provenance().label(parameters));
    for (Map.Entry<String, Provenance> e : call.provenance().entrySet()) {
      if (parameters.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Map.copyOf(out);
  }

  /** The least trusted label; a call without parameters is MODEL_GENERATED (the model chose it). */
  private static Provenance leastOf(Map<String, Provenance> labels) {
    Provenance least = null;
    for (Provenance p : labels.values()) {
      least = least == null ? p : Provenance.leastTrusted(least, p);
    }
    return least == null ? Provenance.MODEL_GENERATED : least;
  }

  /** Why the arguments are too large, or {@code null}. */
  static String boundsViolation(Map<String, Object> parameters) {
    long[] budget = {MAX_ARGUMENT_CHARS, MAX_ARGUMENT_VALUES};
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      budget[0] -= e.getKey().length();
      if (!within(e.getValue(), budget)) {
        break;
      }
    }
    if (budget[0] < 0) {
      return "the arguments hold more than " + MAX_ARGUMENT_CHARS + " characters of text";
    }
    if (budget[1] < 0) {
      return "the arguments hold more than " + MAX_ARGUMENT_VALUES + " values";
    }
    return null;
  }

  private static boolean within(Object v, long[] budget) {
    if (--budget[1] < 0) {
      return false;
    }
    if (v instanceof String s) {
      budget[0] -= s.length();
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        budget[0] -= String.valueOf(e.getKey()).length();
        if (!within(e.getValue(), budget)) {
          return false;
        }
      }
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        if (!within(o, budget)) {
          return false;
        }
      }
    } else if (v != null) {
      budget[0] -= 32;
    }
    return budget[0] >= 0;
  }

  /** A refusal before or around the pipeline: audited (ATTEMPT_REJECTED), then returned. */
  private GuardedCallResult refuse(String cid, String tenant, String sessionRef, String action,
      String tool, Map<String, Provenance> labels, Decision decision, ApeException error) {
    ApeException reported = error;
    try {
      Where where = new Where(tenant, sessionRef, "", "", -1,
          ActionIds.isValid(action) ? action : "", ActionIds.isValid(tool) ? tool : "");
      if (labels.isEmpty()) {
        AuditEvents.rejected(parts.audit(), where, "call", error, null, AuditEvents.STAGE, STAGE,
            AuditEvents.CORRELATION_ID, cid);
      } else {
        AuditEvents.rejected(parts.audit(), where, "call", error, null, AuditEvents.STAGE, STAGE,
            AuditEvents.CORRELATION_ID, cid, AuditEvents.PARAMETER_LABELS,
            AuditEvents.labelsText(labels));
      }
    } catch (AuditException a) {
      a.addSuppressed(error);
      reported = a;
    } catch (RuntimeException a) {
      reported = new GuardedCallFailedException("the refusal could not be audited: " + a, a);
      reported.addSuppressed(error);
    }
    return new GuardedCallResult(statusOf(reported), null, decisionOf(reported, decision),
        reported, labels, cid);
  }

  /** How a call ended, from the error that stopped it. */
  static CallStatus statusOf(ApeException e) {
    if (e instanceof EscalationDeniedException || e instanceof EscalationRequiredException) {
      return CallStatus.ESCALATION_DENIED;
    }
    if (e instanceof RateLimitExceededException) {
      return CallStatus.RATE_LIMITED;
    }
    if (e instanceof ToolExecutionException) {
      return CallStatus.TOOL_FAILED;
    }
    if (e instanceof AuditException || e instanceof StateUnavailableException
        || e instanceof GuardedCallFailedException) {
      return CallStatus.FAILED;
    }
    if (e instanceof SessionException || e instanceof TenantMismatchException
        || e instanceof ToolNotRegisteredException || e instanceof ActionRepositoryException
        || e instanceof PlanValidationException) {
      return CallStatus.INVALID;
    }
    if (e instanceof PolicyDenyException || e instanceof PolicyConditionException
        || e instanceof ProvenanceException || e instanceof UnauthorizedActionException) {
      return CallStatus.DENIED;
    }
    if (e instanceof AuthorityException || e instanceof PlanException) {
      return CallStatus.FAILED;
    }
    return CallStatus.FAILED;
  }

  private static Decision decisionOf(ApeException e, Decision otherwise) {
    if (e instanceof DecisionException de) {
      return de.decision();
    }
    return otherwise;
  }

  private String nextCorrelationId() {
    return correlationPrefix + Long.toHexString(correlations.incrementAndGet());
  }

  /** A unique 256-bit id of a call (64 hex digits): its one-step plan's hash. */
  private String nextCallId() {
    String n = Long.toHexString(calls.incrementAndGet());
    StringBuilder sb = new StringBuilder(64).append(callPrefix);
    for (int i = n.length(); i < 32; i++) {
      sb.append('0');
    }
    return sb.append(n).toString();
  }

}
