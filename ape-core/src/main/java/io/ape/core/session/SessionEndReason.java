package io.ape.core.session;

/** Why a session left its {@link SessionManager}. */
public enum SessionEndReason {
  /** {@link SessionManager#end} was called. */
  ENDED,
  /** The session was revoked. */
  REVOKED,
  /** Its time to live passed; it was purged. */
  EXPIRED
}
