package io.ape.api;

/**
 * How a guarded call ended. Only {@link #EXECUTED} means the tool ran to completion.
 *
 * @since 0.2.0
 */
public enum CallStatus {
  /** The policy allowed the call, a token was issued and consumed, and the tool returned. */
  EXECUTED,
  /** The policy (or the session's intent, or provenance) denied the call; the tool did not run. */
  DENIED,
  /** The policy asked for escalation and it was not approved; the tool did not run. */
  ESCALATION_DENIED,
  /** A rate limit, the risk budget or the session's action cap refused it; the tool did not run. */
  RATE_LIMITED,
  /**
   * The call was malformed or refers to something unknown (unknown tool, schema violation,
   * unknown or ended session); the tool did not run.
   */
  INVALID,
  /** The tool ran (its token was consumed) and threw; its exception is {@code error().getCause()}. */
  TOOL_FAILED,
  /**
   * APE could not decide safely (audit sink failure, shared state unreachable, internal error);
   * the tool did not run.
   */
  FAILED
}
