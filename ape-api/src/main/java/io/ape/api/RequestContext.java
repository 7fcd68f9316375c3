package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * Who is asking, and through which channel each parameter value came.
 *
 * <p>Provenance is held per parameter: {@link #provenanceOf(String)} is the label of one
 * parameter ({@code parameterLabels} when it names the parameter, else
 * {@code parameterProvenance}). A {@code null} label anywhere is stored as
 * {@link Provenance#EXTERNAL_UNTRUSTED}.
 *
 * @param tenantId the tenant, never {@code null} ({@code "default"} for single-tenant use)
 * @param sessionId the session, or {@code ""} when there is none
 * @param parameterProvenance the label of every parameter that {@code parameterLabels} does not
 *     name; {@code null} is stored as {@link Provenance#EXTERNAL_UNTRUSTED}
 * @param attributes free-form context for external evaluators and {@code ${session.attributes.*}}
 *     (copied, unmodifiable)
 * @param parameterLabels per-parameter labels (copied, unmodifiable; {@code null} values are
 *     stored as {@link Provenance#EXTERNAL_UNTRUSTED})
 *
 * @since 0.1.0
 */
public record RequestContext(
    String tenantId,
    String sessionId,
    Provenance parameterProvenance,
    Map<String, String> attributes,
    Map<String, Provenance> parameterLabels) {

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
    parameterLabels = copyLabels(parameterLabels);
  }

  /** A context in which every parameter has the label {@code parameterProvenance}. */
  public RequestContext(String tenantId, String sessionId, Provenance parameterProvenance,
      Map<String, String> attributes) {
    this(tenantId, sessionId, parameterProvenance, attributes, Map.of());
  }

  /** Default tenant, no session, parameters of unknown (hence untrusted) provenance. */
  public static RequestContext untrusted() {
    return UNTRUSTED;
  }

  /** Default tenant, no session, parameters typed by the user. */
  public static RequestContext userTrusted() {
    return USER;
  }

  /**
   * The label of one parameter: its entry in {@code parameterLabels}, else
   * {@code parameterProvenance}.
   *
   * @since 0.2.0
   */
  public Provenance provenanceOf(String parameter) {
    Provenance p = parameterLabels.get(parameter);
    return p != null ? p : parameterProvenance;
  }

  /**
   * The least trusted label of the given parameters (of {@code parameterProvenance} when there
   * are none).
   *
   * @since 0.2.0
   */
  public Provenance leastTrustedOf(Iterable<String> parameters) {
    Provenance least = null;
    for (String p : parameters) {
      least = least == null ? provenanceOf(p) : Provenance.leastTrusted(least, provenanceOf(p));
    }
    return least == null ? parameterProvenance : least;
  }

  /** A copy with another tenant. */
  public RequestContext withTenant(String tenant) {
    return new RequestContext(tenant, sessionId, parameterProvenance, attributes, parameterLabels);
  }

  /** A copy with another session. */
  public RequestContext withSession(String session) {
    return new RequestContext(tenantId, session, parameterProvenance, attributes, parameterLabels);
  }

  /** A copy with another default parameter provenance (per-parameter labels are kept). */
  public RequestContext withProvenance(Provenance provenance) {
    return new RequestContext(tenantId, sessionId, provenance, attributes, parameterLabels);
  }

  /**
   * A copy with per-parameter labels.
   *
   * @since 0.2.0
   */
  public RequestContext withParameterLabels(Map<String, Provenance> labels) {
    return new RequestContext(tenantId, sessionId, parameterProvenance, attributes, labels);
  }

  private static Map<String, Provenance> copyLabels(Map<String, Provenance> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    java.util.HashMap<String, Provenance> copy = new java.util.HashMap<>(labels.size() * 2);
    for (Map.Entry<String, Provenance> e : labels.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "parameter name"),
          e.getValue() == null ? Provenance.EXTERNAL_UNTRUSTED : e.getValue());
    }
    return Map.copyOf(copy);
  }
}
