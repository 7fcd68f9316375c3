package io.ape.core.canonical;

import io.ape.api.Intent;
import io.ape.api.ParameterHash;
import io.ape.api.ParameterValues;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests that bind authority to an intent, a plan and a parameter set.
 *
 * <p>Each digest is the SHA-256 (hex) of the canonical JSON of the same dictionary the Python
 * original hashes, so that an intent or plan built from the same data has the same version or
 * hash in both implementations:
 * <ul>
 *   <li>intent: {@code allowed_actions}, {@code forbidden_actions}, {@code scope}, then
 *       {@code escalation_required}, {@code description} and {@code metadata} only when
 *       non-empty ({@code Intent.to_dict()});</li>
 *   <li>plan: {@code steps} (each {@code action_id}, {@code tool_id}, then {@code parameters}
 *       and {@code description} only when non-empty), then {@code description} and
 *       {@code metadata} only when non-empty ({@code Plan.to_dict()}). Because the plan is
 *       always hashed in this one normalised form, the Python original's asymmetry between the
 *       submitted hash and the mutation check (its WEAK-31) cannot occur;</li>
 *   <li>both add {@code tenant_id} when the tenant is not {@code "default"}, so that the same
 *       document in two tenants has two versions;</li>
 *   <li>parameters: the parameter map itself.</li>
 * </ul>
 * Thread-safe; never returns {@code null}.
 */
public final class ApeHashes {
  private ApeHashes() {}

  /** The intent's version. */
  public static String intentVersion(Intent intent) {
    return Sha256.ofCanonical(intentDocument(intent));
  }

  /** The plan's hash. */
  public static String planHash(Plan plan) {
    return Sha256.ofCanonical(planDocument(plan));
  }

  /**
   * The SHA-256 of the canonical parameters ({@code {}} when empty or {@code null}). Computed
   * once per immutable parameter set ({@link ParameterValues#derive}). Delegates to
   * {@link ParameterHash#of}, the form a plugin recomputes with {@code ape-api} alone.
   */
  public static String parametersHash(Map<String, ?> parameters) {
    try {
      return ParameterHash.of(parameters);
    } catch (io.ape.api.CanonicalizationException e) {
      throw CanonicalizationException.of(e);
    }
  }

  /** The dictionary an intent version is computed over. */
  public static Map<String, Object> intentDocument(Intent intent) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("allowed_actions", intent.allowedActions());
    d.put("forbidden_actions", intent.forbiddenActions());
    d.put("scope", intent.scope());
    if (!intent.escalationRequired().isEmpty()) {
      d.put("escalation_required", intent.escalationRequired());
    }
    if (!intent.description().isEmpty()) {
      d.put("description", intent.description());
    }
    if (!intent.metadata().isEmpty()) {
      d.put("metadata", intent.metadata());
    }
    putTenant(d, intent.tenantId());
    return d;
  }

  /** The dictionary a plan hash is computed over. */
  public static Map<String, Object> planDocument(Plan plan) {
    List<Object> steps = new ArrayList<>(plan.steps().size());
    for (PlanStep s : plan.steps()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("action_id", s.actionId());
      step.put("tool_id", s.toolId());
      if (!s.parameters().isEmpty()) {
        step.put("parameters", s.parameters());
      }
      if (!s.description().isEmpty()) {
        step.put("description", s.description());
      }
      steps.add(step);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("steps", steps);
    if (!plan.description().isEmpty()) {
      d.put("description", plan.description());
    }
    if (!plan.metadata().isEmpty()) {
      d.put("metadata", plan.metadata());
    }
    putTenant(d, plan.tenantId());
    return d;
  }

  private static void putTenant(Map<String, Object> d, String tenantId) {
    if (!RequestContext.DEFAULT_TENANT.equals(tenantId)) {
      d.put("tenant_id", tenantId);
    }
  }
}
