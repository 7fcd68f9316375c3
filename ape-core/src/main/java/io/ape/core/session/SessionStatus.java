package io.ape.core.session;

/** The state of a {@link Session}. Only {@link #ACTIVE} sessions record or execute anything. */
public enum SessionStatus {
  /** Within its time to live, neither revoked nor ended. */
  ACTIVE,
  /** Its time to live has passed. */
  EXPIRED,
  /** Revoked (irreversible). */
  REVOKED,
  /** Ended normally by its owner (irreversible). */
  ENDED
}
