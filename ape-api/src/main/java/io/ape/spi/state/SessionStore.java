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
   * Ends ({@code ENDED} or {@code REVOKED}) an ACTIVE session.
   *
   * @return {@code true} if it was ACTIVE and is now ended
   */
  boolean end(String sessionId, SessionRecord.Status status);
}
