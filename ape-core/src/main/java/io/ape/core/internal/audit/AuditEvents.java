package io.ape.core.internal.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.core.audit.AuditLog;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place audit events are built (DESIGN §8): one typed method per kind of event, so that
 * every event of a kind carries the same fields, named the same way, wherever it is recorded.
 * Each method records the event in the given log and returns it as recorded.
 *
 * <p>Events name a session by its non-secret reference and a token by its reference, never by
 * a secret; a refusal carries its error's simple class name under {@value #ERROR}.
 *
 * @since 0.2.0
 */
public final class AuditEvents {
  /** Detail: the label of every parameter, {@code name=LABEL,...} sorted by name. */
  public static final String PARAMETER_LABELS = "parameter_labels";
  /** Detail: the call's audit correlation id. */
  public static final String CORRELATION_ID = "correlation_id";
  /** Detail: the simple class name of the error of a refusal. */
  public static final String ERROR = "error";
  /** Detail: the operation that was refused. */
  public static final String OPERATION = "operation";
  /** Detail: the pipeline stage that decided or refused. */
  public static final String STAGE = "stage";

  private AuditEvents() {}

  private static AuditEvent.Builder at(AuditLog log, AuditEventType type, Where w) {
    AuditEvent.Builder b = log.event(type).tenant(w.tenant()).session(w.session())
        .intentVersion(w.intentVersion()).planHash(w.planHash()).step(w.step());
    if (!w.action().isEmpty()) {
      b.action(w.action());
    }
    if (!w.tool().isEmpty()) {
      b.tool(w.tool());
    }
    return b;
  }

  private static String reasonOf(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  // ------------------------------------------------------------------------ policy life cycle

  /** The engine's policy was loaded at start. */
  public static AuditEvent policyLoaded(AuditLog log, String version, String name, String source,
      boolean defaultAllow) {
    return log.record(log.event(AuditEventType.POLICY_LOADED).policyVersion(version)
        .reason("policy '" + name + "' loaded from " + source).detail("policy", name)
        .detail("default_allow", Boolean.toString(defaultAllow)));
  }

  /**
   * The policy in force was replaced (every outstanding token is revoked with it).
   *
   * @param cause why: {@code reload}, or {@code action_registered} when a tool registration
   *     recompiled the policy so that its action's risk applies
   */
  public static AuditEvent policyReloaded(AuditLog log, String version, String previousVersion,
      String source, long generation, String cause) {
    return log.record(log.event(AuditEventType.POLICY_RELOADED).policyVersion(version)
        .reason(("action_registered".equals(cause) ? "policy recompiled (a tool registration "
            + "added an action's risk level) from " : "policy reloaded from ") + source)
        .detail("previous_version", previousVersion)
        .detail("policy_generation", Long.toString(generation)).detail("cause", cause));
  }

  /** A reload failed; the previous policy stays in force. */
  public static AuditEvent policyReloadFailed(AuditLog log, String version, String source,
      String error) {
    return log.record(log.event(AuditEventType.POLICY_RELOAD_FAILED).policyVersion(version)
        .reason("policy reload from " + source + " failed; the previous policy stays in force: "
            + error));
  }

  // ---------------------------------------------------------------------------- run states

  /** A run moved from one state to another. */
  public static AuditEvent transition(AuditLog log, Where run, String from, String to) {
    return log.record(at(log, AuditEventType.STATE_TRANSITION, run).reason(from + " -> " + to)
        .detail("from_state", from).detail("to_state", to));
  }

  /** A run refused to move. */
  public static AuditEvent transitionRefused(AuditLog log, Where run, String from, String to,
      String why) {
    return log.record(at(log, AuditEventType.ATTEMPT_REJECTED, run)
        .reason("state transition refused: " + why).detail("from_state", from)
        .detail("to_state", to));
  }

  // ------------------------------------------------------------------------------ intents

  /** A run's intent was declared or replaced. */
  public static AuditEvent intentSet(AuditLog log, Where run, boolean changed, String version,
      String previousVersion, String scope, Provenance channel) {
    return log.record(at(log, changed ? AuditEventType.INTENT_CHANGED : AuditEventType.INTENT_SET,
        run).intentVersion(version)
        .reason(previousVersion.isEmpty() ? "intent declared"
            : changed ? "intent replaced; tokens bound to the previous version are revoked"
            : "intent re-declared unchanged")
        .detail("scope", scope).detail("previous_intent_version", previousVersion)
        .detail("provenance", channel.name()));
  }

  /** A run's intent was withdrawn. */
  public static AuditEvent intentCleared(AuditLog log, Where run, String version) {
    return log.record(at(log, AuditEventType.INTENT_CHANGED, run).intentVersion(version)
        .reason("intent cleared; tokens bound to it are revoked"));
  }

  /** A session's intent (the actions its guarded calls may use) was declared or changed. */
  public static AuditEvent sessionIntent(AuditLog log, Where session, boolean changed,
      String actions, Provenance channel) {
    return log.record(at(log, changed ? AuditEventType.INTENT_CHANGED : AuditEventType.INTENT_SET,
        session).reason(changed ? "session intent changed" : "session intent declared")
        .detail("actions", actions).detail("channel", channel.name()).detail("scope", "session"));
  }

  // -------------------------------------------------------------------------------- plans

  /** A plan was submitted (or replaced one). */
  public static AuditEvent planSubmitted(AuditLog log, Where run, String planHash,
      String intentVersion, int steps, String previousPlanHash, Provenance channel) {
    return log.record(at(log, AuditEventType.PLAN_SUBMITTED, run).planHash(planHash)
        .intentVersion(intentVersion)
        .reason(previousPlanHash.isEmpty() ? "plan submitted"
            : "plan replaced; tokens of the previous plan are revoked")
        .detail("steps", Integer.toString(steps)).detail("previous_plan_hash", previousPlanHash)
        .detail("provenance", channel.name()));
  }

  /** A plan was approved against the current intent. */
  public static AuditEvent planApproved(AuditLog log, Where run, String planHash,
      String intentVersion, int steps, Provenance channel) {
    return log.record(at(log, AuditEventType.PLAN_APPROVED, run).planHash(planHash)
        .intentVersion(intentVersion).reason("plan approved against the current intent")
        .detail("steps", Integer.toString(steps)).detail("provenance", channel.name()));
  }

  /**
   * A plan was rejected, withdrawn or lost its approval.
   *
   * @param source where the plan came from ({@code ""} if not applicable), e.g. {@code model}
   */
  public static AuditEvent planRejected(AuditLog log, Where run, String planHash,
      String intentVersion, String reason, String source) {
    AuditEvent.Builder b = at(log, AuditEventType.PLAN_REJECTED, run).planHash(planHash)
        .intentVersion(intentVersion).reason(reason);
    if (!source.isEmpty()) {
      b.decision(Outcome.DENY).detail("plan_source", source);
    }
    return log.record(b);
  }

  // ----------------------------------------------------------------------------- decisions

  /**
   * The policy's decision about a step.
   *
   * @param stage where it was decided ({@code issuance}, {@code pre-flight}, {@code escalation}...)
   * @param context the request context it was decided with (its labels), or {@code null}
   * @param provenance the label of the step's parameters
   */
  public static AuditEvent decision(AuditLog log, Where step, Decision d,
      Map<String, Object> parameters, String stage, RequestContext context,
      Provenance provenance) {
    AuditEvent.Builder b = at(log, AuditEventType.DECISION, step).decision(d)
        .parameters(parameters).detail(STAGE, stage)
        .detail("parameters_provenance", provenance.name());
    if (context != null && !context.parameterLabels().isEmpty()) {
      b.detail(PARAMETER_LABELS, labelsText(context.parameterLabels()));
    }
    if (d.isDefaultAllow()) {
      b.detail("default_allow", "true");
    }
    return log.record(b);
  }

  /**
   * The compact record of an executed guarded call, written after its token was issued and
   * consumed and before its tool runs: the decision, its labels, the token's reference and the
   * start of the execution. With {@link #toolFinished} it is the complete audit of the call.
   */
  public static AuditEvent grant(AuditLog log, Where step, Decision d,
      Map<String, Object> parameters, RequestContext context, Provenance provenance,
      String tokenRef, String ttlMillis) {
    AuditEvent.Builder b = at(log, AuditEventType.DECISION, step).decision(d)
        .parameters(parameters).tokenRef(tokenRef).detail(STAGE, "guarded_call")
        .detail("parameters_provenance", provenance.name())
        .detail("token", "issued,consumed").detail("ttl_ms", ttlMillis)
        .detail("execution", "started");
    if (context != null && !context.parameterLabels().isEmpty()) {
      b.detail(PARAMETER_LABELS, labelsText(context.parameterLabels()));
    }
    if (d.isDefaultAllow()) {
      b.detail("default_allow", "true");
    }
    return log.record(b);
  }

  /** {@code name=LABEL,...} sorted by name. */
  public static String labelsText(Map<String, Provenance> labels) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Provenance> e : new TreeMap<>(labels).entrySet()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.getKey()).append('=').append(e.getValue().name());
    }
    return sb.toString();
  }

  // -------------------------------------------------------------------------------- tokens

  /** A token was issued. */
  public static AuditEvent tokenIssued(AuditLog log, Where step, Decision d, String tokenRef,
      String ttlMillis) {
    return log.record(at(log, AuditEventType.TOKEN_ISSUED, step).decision(d).tokenRef(tokenRef)
        .detail("ttl_ms", ttlMillis));
  }

  /** A token was consumed at the gate. */
  public static AuditEvent tokenConsumed(AuditLog log, Where step, String tokenRef,
      String policyVersion) {
    return log.record(at(log, AuditEventType.TOKEN_CONSUMED, step).tokenRef(tokenRef)
        .decision(Outcome.ALLOW).policyVersion(policyVersion).reason("token consumed"));
  }

  /** One token was revoked. */
  public static AuditEvent tokenRevoked(AuditLog log, Where step, String tokenRef,
      String reason) {
    return log.record(at(log, AuditEventType.TOKEN_REVOKED, step).tokenRef(tokenRef)
        .reason(reason).detail("count", "1"));
  }

  /**
   * Every outstanding token of a scope was revoked.
   *
   * @param scope {@code all}, {@code tenant}, {@code session}, {@code intent} or {@code plan}
   */
  public static AuditEvent tokensRevoked(AuditLog log, Where where, String scope, int count,
      String reason, String policyVersion) {
    return log.record(at(log, AuditEventType.TOKEN_REVOKED, where).reason(reason)
        .policyVersion(policyVersion).detail("scope", scope)
        .detail("count", Integer.toString(count)));
  }

  // ---------------------------------------------------------------------------- escalation

  /** An escalation was asked of the resolver. */
  public static AuditEvent escalationRequested(AuditLog log, Where step, Decision escalate,
      Map<String, Object> parameters, String requestId, String parametersHash,
      long policyGeneration) {
    return log.record(at(log, AuditEventType.ESCALATION_REQUESTED, step).decision(escalate)
        .parameters(parameters).detail("request_id", requestId)
        .detail("parameters_sha256", parametersHash)
        .detail("policy_generation", Long.toString(policyGeneration)));
  }

  /**
   * The resolver's answer, as accepted or refused.
   *
   * @param outcome {@code APPROVED} or the kind of denial
   * @param approver who answered ({@code null} if nobody did)
   * @param channel the channel of the answer ({@code null} if none)
   */
  public static AuditEvent escalationResolved(AuditLog log, Where step, boolean approved,
      String policyVersion, String reason, String requestId, String outcome, String approver,
      Provenance channel) {
    AuditEvent.Builder b = at(log, AuditEventType.ESCALATION_RESOLVED, step)
        .decision(approved ? Outcome.ALLOW : Outcome.DENY).policyVersion(policyVersion)
        .reason(reason).detail("request_id", requestId).detail("outcome", outcome);
    if (approver != null) {
      b.detail("approver", approver).detail("channel", channel == null ? "" : channel.name());
    }
    return log.record(b);
  }

  // ------------------------------------------------------------------------------- tools

  /** A tool is about to run with a consumed token's bound parameters. */
  public static AuditEvent toolStarted(AuditLog log, Where step, String tokenRef) {
    return log.record(at(log, AuditEventType.TOOL_EXECUTION_STARTED, step).tokenRef(tokenRef)
        .decision(Outcome.ALLOW).reason("tool started"));
  }

  /** A tool returned ({@code failure == null}) or threw. */
  public static AuditEvent toolFinished(AuditLog log, Where step, String tokenRef,
      Throwable failure) {
    return log.record(at(log, AuditEventType.TOOL_EXECUTION_FINISHED, step).tokenRef(tokenRef)
        .reason(failure == null ? "tool finished" : "tool failed: " + failure.getClass().getName())
        .detail("outcome", failure == null ? "success" : "failure"));
  }

  /** A tool runs without a token (OBSERVE after a refusal, or DISABLED). */
  public static AuditEvent uncheckedStarted(AuditLog log, Where step, String why) {
    return log.record(at(log, AuditEventType.TOOL_EXECUTION_STARTED, step).reason(why)
        .detail("checked", "false"));
  }

  /** A tool that ran without a token returned or threw. */
  public static AuditEvent uncheckedFinished(AuditLog log, Where step, Throwable failure) {
    return log.record(at(log, AuditEventType.TOOL_EXECUTION_FINISHED, step)
        .reason(failure == null ? "tool finished" : "tool failed: " + failure.getClass().getName())
        .detail("outcome", failure == null ? "success" : "failure").detail("checked", "false"));
  }

  // ----------------------------------------------------------------------------- refusals

  /**
   * An attempt was refused: DENY, or the outcome of the decision it came with (whose rule and
   * policy version are kept).
   *
   * @param operation what was refused ({@code issue}, {@code execute}, {@code set_intent}...)
   * @param extra more details, name and value alternating
   */
  public static AuditEvent rejected(AuditLog log, Where where, String operation, Throwable error,
      Decision decision, String... extra) {
    AuditEvent.Builder b = at(log, AuditEventType.ATTEMPT_REJECTED, where);
    if (decision != null) {
      b.decision(decision);
      if (!where.action().isEmpty()) {
        b.action(where.action());
      }
    } else {
      b.decision(Outcome.DENY);
    }
    b.reason(reasonOf(error)).detail(OPERATION, operation)
        .detail(ERROR, error.getClass().getSimpleName());
    for (int i = 0; i + 1 < extra.length; i += 2) {
      b.detail(extra[i], extra[i + 1]);
    }
    return log.record(b);
  }

  /**
   * An attempt was refused (DENY), with a reason of the caller's (e.g. {@code "plan submit
   * refused: ..."}).
   */
  public static AuditEvent refused(AuditLog log, Where where, String operation, String reason,
      Throwable error, String... extra) {
    AuditEvent.Builder b = at(log, AuditEventType.ATTEMPT_REJECTED, where).decision(Outcome.DENY)
        .reason(reason).detail(OPERATION, operation).detail(ERROR, error.getClass().getSimpleName());
    for (int i = 0; i + 1 < extra.length; i += 2) {
      b.detail(extra[i], extra[i + 1]);
    }
    return log.record(b);
  }

  /** As {@link #rejected}, but never throws: an audit failure is attached to {@code error}. */
  public static <E extends Throwable> E rejectedQuietly(AuditLog log, Where where,
      String operation, E error, Decision decision, String... extra) {
    try {
      rejected(log, where, operation, error, decision, extra);
    } catch (AuditException a) {
      error.addSuppressed(a);
    }
    return error;
  }

  /** A limit (rate limit, risk budget, action cap) refused an allowed step. */
  public static AuditEvent rateLimitExceeded(AuditLog log, Where step, Decision allowed,
      RateLimitExceededException e) {
    AuditEvent.Builder b = at(log, AuditEventType.RATE_LIMIT_EXCEEDED, step)
        .decision(Outcome.DENY).reason(reasonOf(e)).detail(OPERATION, "issue")
        .detail(ERROR, e.getClass().getSimpleName())
        .detail("limit_type", String.valueOf(e.limitType()))
        .detail("limit", Long.toString(e.limit())).detail("reset_at", String.valueOf(e.resetAt()));
    if (allowed != null) {
      b.policyVersion(allowed.policyVersion()).rule(allowed.matchedRule() == null ? ""
          : allowed.matchedRule());
    }
    return log.record(b);
  }

  // ----------------------------------------------------------------------------- sessions

  /**
   * A session started here ({@code adopted}: it was opened on another instance of the same
   * shared state and this one took it over).
   */
  public static AuditEvent sessionStarted(AuditLog log, Where session, String userId,
      String expiresAt, int maxActions, boolean adopted) {
    AuditEvent.Builder b = at(log, AuditEventType.SESSION_STARTED, session)
        .reason(adopted ? "session taken over from the shared state" : "session started")
        .detail("user_id", userId).detail("expires_at", expiresAt)
        .detail("max_actions", Integer.toString(maxActions));
    if (adopted) {
      b.detail("adopted", "true");
    }
    return log.record(b);
  }

  /** A session ended (its usage in the details). */
  public static AuditEvent sessionEnded(AuditLog log, Where session, String reason,
      String endReason, String userId, Map<String, String> usage) {
    AuditEvent.Builder b = at(log, AuditEventType.SESSION_ENDED, session).reason(reason)
        .detail("end_reason", endReason).detail("user_id", userId);
    usage.forEach(b::detail);
    return log.record(b);
  }
}
