package io.ape.core.orchestrator;

import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.Provenance;
import io.ape.api.RiskLevel;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.ratelimit.RateLimiter;
import java.util.List;
import java.util.Map;

/** Per-call state: correlation id, session hooks, the decision of the step being checked. */
class CallContext {
  private final String correlationId;
  Decision lastDecision;

  CallContext(String correlationId) {
    this.correlationId = correlationId;
  }

  static CallContext standalone(String correlationId) {
    return new CallContext(correlationId);
  }

  String correlationId() {
    return correlationId;
  }

  String sessionId() {
    return "call-" + correlationId;
  }

  String tenant(String orchestratorTenant) {
    return orchestratorTenant;
  }

  /** The session id for the {@link RateLimiter}s; {@code null} outside a session. */
  String limiterSessionId() {
    return null;
  }

  Map<String, ? extends Map<String, ?>> complete(CompiledIntent intent,
      Map<String, ? extends Map<String, ?>> parameters) {
    return parameters;
  }

  /** Before every issuance: throws if the call's session cannot act any more. */
  void ensureActive() {
    // a call outside a session has no session to expire
  }

  /**
   * Once per call, before the run: throws if the call's session ended here or in the shared
   * state (another instance may have ended it).
   */
  void ensureActiveEverywhere() {
    // a call outside a session has no session
  }

  /**
   * After the ALLOW and the programmatic limiters: reserves the step in the policy's limits
   * and, in a session, the session's budgets, in one ledger operation.
   */
  void reserve(io.ape.core.ratelimit.LedgerLimits limits, String actionId, List<String> targets,
      RiskLevel risk, EngineParts parts) {
    limits.reserve(parts.state().limits(), (io.ape.core.ratelimit.SessionBudgets) null,
        actionId, targets, risk.score(), parts.clock().instant());
  }

  /** After a token was issued, before the tool runs: counts it, if the session is active. */
  void tokenIssued() {
    // a call outside a session counts no tokens across calls
  }

  /** After the tool of a step ran. */
  void executed(String actionId, Map<String, Object> parameters, Provenance provenance) {
    // a call outside a session remembers nothing across calls
  }
}

