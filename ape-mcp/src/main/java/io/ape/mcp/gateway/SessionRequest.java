package io.ape.mcp.gateway;

import io.ape.spi.EscalationResolver;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the gateway asks of {@link CallGuard#openSession} (the engine's {@code SessionOptions}).
 *
 * @param userId who the session acts for (the MCP client's name, or the authenticated HTTP client)
 * @param tenantId the tenant
 * @param ttl how long the session may live
 * @param resolver the session's escalation resolver (MCP elicitation when the client supports
 *     it), or {@code null} for the guard's own (deny by default)
 * @param attributes free-form attributes for the audit (client name and version, transport)
 * @since 0.2.0
 */
public record SessionRequest(String userId, String tenantId, Duration ttl, EscalationResolver resolver,
    Map<String, String> attributes) {
  public SessionRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
