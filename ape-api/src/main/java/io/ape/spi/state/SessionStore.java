package io.ape.spi.state;

import java.util.Optional;

/**
 * Sessions shared by every instance. Records expire at their {@code expiresAt} (plus a grace the
 * implementation documents); ending or revoking is final.
 *
 * @since 0.2.0
 */
public interface SessionStore {
  /**
   * Stores a new session.
   *
   * @throws IllegalStateException if a session with that id exists
   * @throws io.ape.api.StateUnavailableException if the store cannot answer in time
   */
  void create(SessionRecord session);

  /** The session, if known and not yet forgotten. */
  Optional<SessionRecord> find(String sessionId);

  /**
   * Ends ({@code ENDED} or {@code REVOKED}) an ACTIVE session. Of concurrent calls exactly one
   * returns {@code true}; the first end wins, and an ended session cannot be created again
   * while the store remembers it.
   *
   * @return {@code true} if it was ACTIVE and is now ended ({@code false}, or an
   *     {@link IllegalArgumentException}, for {@code status} ACTIVE)
   */
  boolean end(String sessionId, SessionRecord.Status status);
}
