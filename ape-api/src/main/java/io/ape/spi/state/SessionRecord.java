package io.ape.spi.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A session as every instance sees it.
 *
 * @param sessionId the session's id (a bearer secret: never logged in full)
 * @param tenantId the tenant
 * @param userId the user
 * @param createdAt when it was created
 * @param expiresAt when it expires
 * @param status ACTIVE, or how it ended
 * @since 0.2.0
 */
public record SessionRecord(String sessionId, String tenantId, String userId, Instant createdAt,
    Instant expiresAt, Status status) {

  /**
   * A session's state.
   *
   * @since 0.2.0
   */
  public enum Status { ACTIVE, ENDED, REVOKED }

  public SessionRecord {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
  }

  /** {@code true} if ACTIVE and not expired at {@code now}. */
  public boolean activeAt(Instant now) {
    return status == Status.ACTIVE && now.isBefore(expiresAt);
  }
}
