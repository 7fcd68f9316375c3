package io.ape.api;

import java.util.Objects;

/**
 * Knobs of one intent compilation.
 *
 * @param maxRiskLevel actions above this risk level are never plainly allowed: they become
 *     escalations (or forbidden when {@code allowEscalation} is false)
 * @param minConfidence signals below this confidence are ignored (inclusive bound, in [0, 1])
 * @param allowEscalation whether actions that need approval are kept as escalations; when
 *     false they are forbidden (never silently allowed)
 * @param explicitScope the scope to use instead of inferring one ({@code ""} to infer)
 *
 * @since 0.1.0
 */
public record IntentCompilerOptions(
    RiskLevel maxRiskLevel, double minConfidence, boolean allowEscalation, String explicitScope) {

  private static final IntentCompilerOptions DEFAULTS =
      new IntentCompilerOptions(RiskLevel.MODERATE, 0.5, true, "");

  public IntentCompilerOptions {
    Objects.requireNonNull(maxRiskLevel, "maxRiskLevel");
    if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
      throw new IllegalArgumentException("minConfidence must be in [0, 1]: " + minConfidence);
    }
    explicitScope = explicitScope == null ? "" : explicitScope.strip();
  }

  /** MODERATE risk ceiling, confidence 0.5, escalation allowed, inferred scope. */
  public static IntentCompilerOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with another risk ceiling. */
  public IntentCompilerOptions withMaxRiskLevel(RiskLevel level) {
    return new IntentCompilerOptions(level, minConfidence, allowEscalation, explicitScope);
  }

  /** A copy with another confidence threshold. */
  public IntentCompilerOptions withMinConfidence(double threshold) {
    return new IntentCompilerOptions(maxRiskLevel, threshold, allowEscalation, explicitScope);
  }

  /** A copy with escalation allowed or not. */
  public IntentCompilerOptions withAllowEscalation(boolean allow) {
    return new IntentCompilerOptions(maxRiskLevel, minConfidence, allow, explicitScope);
  }

  /** A copy with an explicit scope. */
  public IntentCompilerOptions withExplicitScope(String scope) {
    return new IntentCompilerOptions(maxRiskLevel, minConfidence, allowEscalation, scope);
  }
}
