package io.ape.core.authority;

/**
 * The life cycle of an authority token: issued, then exactly one of consumed, revoked or
 * expired. No state leads back to ISSUED.
 */
public enum TokenState {
  /** Outstanding: may be consumed once. */
  ISSUED,
  /** Used by the enforcement gate; final. */
  CONSUMED,
  /** Withdrawn (intent or plan change, policy reload, session end, termination); final. */
  REVOKED,
  /** Its time to live passed before it was used; final. */
  EXPIRED
}
