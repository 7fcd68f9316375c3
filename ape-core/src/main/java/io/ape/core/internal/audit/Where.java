package io.ape.core.internal.audit;

import io.ape.api.TokenBinding;

/**
 * The correlation fields of an audit event: where in which run it happened. Immutable; {@code ""}
 * and {@code -1} mean "not applicable".
 *
 * @param tenant the tenant
 * @param session the session's non-secret reference
 * @param intentVersion the intent version
 * @param planHash the plan hash
 * @param step the plan step, or -1
 * @param action the action id
 * @param tool the tool id
 * @since 0.2.0
 */
public record Where(String tenant, String session, String intentVersion, String planHash,
    int step, String action, String tool) {

  /** Nowhere in particular (engine-wide events). */
  public static final Where ENGINE = new Where("", "", "", "", -1, "", "");

  public Where {
    tenant = nz(tenant);
    session = nz(session);
    intentVersion = nz(intentVersion);
    planHash = nz(planHash);
    action = nz(action);
    tool = nz(tool);
  }

  /** A run of {@code tenant} in {@code session}, before any step. */
  public static Where run(String tenant, String session) {
    return new Where(tenant, session, "", "", -1, "", "");
  }

  /** Exactly what a token is bound to. */
  public static Where of(TokenBinding b) {
    return new Where(b.tenantId(), b.sessionId(), b.intentVersion(), b.planHash(), b.stepIndex(),
        b.actionId(), b.toolId());
  }

  /** This place with another intent version and plan hash. */
  public Where plan(String intentVersion, String planHash) {
    return new Where(tenant, session, intentVersion, planHash, step, action, tool);
  }

  /** This place at step {@code k} of action {@code action} with tool {@code tool}. */
  public Where step(int k, String action, String tool) {
    return new Where(tenant, session, intentVersion, planHash, k, action, tool);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
