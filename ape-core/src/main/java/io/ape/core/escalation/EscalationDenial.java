package io.ape.core.escalation;

/** Why an escalation did not end in an approval. Each maps to a distinct DENY reason. */
public enum EscalationDenial {
  /** The resolver answered with a denial. */
  DENIED_BY_RESOLVER,
  /** The resolver did not answer within the timeout. */
  TIMED_OUT,
  /** No resolver is configured. */
  NO_RESOLVER,
  /** The resolver threw, or could not be run. */
  RESOLVER_FAILED,
  /** The resolver answered {@code null}. */
  NO_ANSWER,
  /** The approval came through an untrusted channel (e.g. derived from tool output). */
  UNTRUSTED_CHANNEL,
  /** The approval names another parameter hash than the request's. */
  PARAMETERS_MISMATCH,
  /** The waiting thread was interrupted. */
  INTERRUPTED,
  /**
   * The approval names another request (or none): an approval given for another action, step,
   * call or policy generation, replayed. Approvals are bound to their request and used once.
   *
   * @since 0.2.0
   */
  REQUEST_MISMATCH
}
