package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * Who is asking, and through which channel the parameters came.
 *
 * @param tenantId the tenant, never {@code null} ({@code "default"} for single-tenant use)
 * @param sessionId the session, or {@code ""} when there is none
 * @param parameterProvenance the least trusted provenance of any parameter value; {@code null}
 *     is stored as {@link Provenance#EXTERNAL_UNTRUSTED}
 * @param attributes free-form context for external evaluators (copied, unmodifiable)
 */
public record RequestContext(
    String tenantId,
    String sessionId,
    Provenance parameterProvenance,
    Map<String, String> attributes) {

  /** The tenant id used when none is given. */
  public static final String DEFAULT_TENANT = "default";

  private static final RequestContext UNTRUSTED =
      new RequestContext(DEFAULT_TENANT, "", Provenance.EXTERNAL_UNTRUSTED, Map.of());
  private static final RequestContext USER =
      new RequestContext(DEFAULT_TENANT, "", Provenance.USER_TRUSTED, Map.of());

  public RequestContext {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sessionId, "sessionId");
    parameterProvenance = parameterProvenance == null
        ? Provenance.EXTERNAL_UNTRUSTED : parameterProvenance;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** Default tenant, no session, parameters of unknown (hence untrusted) provenance. */
  public static RequestContext untrusted() {
    return UNTRUSTED;
  }

  /** Default tenant, no session, parameters typed by the user. */
  public static RequestContext userTrusted() {
    return USER;
  }

  /** A copy with another tenant. */
  public RequestContext withTenant(String tenant) {
    return new RequestContext(tenant, sessionId, parameterProvenance, attributes);
  }

  /** A copy with another session. */
  public RequestContext withSession(String session) {
    return new RequestContext(tenantId, session, parameterProvenance, attributes);
  }

  /** A copy with another parameter provenance. */
  public RequestContext withProvenance(Provenance provenance) {
    return new RequestContext(tenantId, sessionId, provenance, attributes);
  }
}
