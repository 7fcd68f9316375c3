package io.ape.engine;

import io.ape.spi.EscalationResolver;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link AgentSession} is opened.
 *
 * @param userId the user, never {@code null}
 * @param tenantId the tenant, or {@code null} for the engine's
 * @param ttl how long the session lives, or {@code null} for the session manager's default (30
 *     minutes); at most its maximum (24 hours by default)
 * @param intent the actions the session may use (copied), or {@code null}/empty for the default:
 *     the actions of every registered tool that the policy can allow. A non-empty intent is
 *     declared by the application, a trusted channel, and audited as {@code INTENT_SET}
 * @param resolver the escalation resolver of this session, or {@code null} for the engine's
 * @param attributes free-form context for the policy's {@code ${session.attributes.*}} and for
 *     external evaluators (copied; may be {@code null})
 * @since 0.2.0
 */
public record SessionOptions(String userId, String tenantId, Duration ttl, Set<String> intent,
    EscalationResolver resolver, Map<String, String> attributes) {

  public SessionOptions {
    Objects.requireNonNull(userId, "userId");
    intent = intent == null ? Set.of() : Set.copyOf(intent);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** Options for {@code userId} with every default. */
  public static SessionOptions forUser(String userId) {
    return new SessionOptions(userId, null, null, null, null, null);
  }

  /** A copy in tenant {@code tenant}. */
  public SessionOptions withTenant(String tenant) {
    return new SessionOptions(userId, tenant, ttl, intent, resolver, attributes);
  }

  /** A copy living {@code time}. */
  public SessionOptions withTtl(Duration time) {
    return new SessionOptions(userId, tenantId, time, intent, resolver, attributes);
  }

  /** A copy with the declared intent {@code actions}. */
  public SessionOptions withIntent(Set<String> actions) {
    return new SessionOptions(userId, tenantId, ttl, actions, resolver, attributes);
  }

  /** A copy whose escalations go to {@code escalationResolver}. */
  public SessionOptions withResolver(EscalationResolver escalationResolver) {
    return new SessionOptions(userId, tenantId, ttl, intent, escalationResolver, attributes);
  }

  /** A copy with the attributes {@code values}. */
  public SessionOptions withAttributes(Map<String, String> values) {
    return new SessionOptions(userId, tenantId, ttl, intent, resolver, values);
  }
}
