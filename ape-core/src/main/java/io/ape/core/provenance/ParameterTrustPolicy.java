package io.ape.core.provenance;

import io.ape.api.Provenance;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RiskLevel;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An adapter for a decision point that does not judge provenance itself: decides whether an
 * action's parameters must come from a trusted channel, checked at issuance before the
 * evaluation. The policy's evaluation is the one trust rule of the engine (its rules'
 * {@code provenance:}, and HIGH and CRITICAL actions by their risk); this adapter is applied only
 * for a caller-supplied decision point ({@code AuthorityManager.Builder.parameterTrust}: by
 * default {@link #strict()} for a decision point that is not a {@code PolicyEngine}, and
 * {@link #byRisk} for a caller-supplied {@code PolicyEngine} given to an orchestrator builder,
 * which may lack the action risks).
 *
 * <p>The requirement of the rule for the action wins when it is {@code TRUSTED} or {@code ANY}
 * ({@code UNTAINTED} refuses only parameters copied from untrusted data, see {@link #violation});
 * when it is {@code DEFAULT} (or the lookup has nothing to say) the risk level decides: HIGH
 * and CRITICAL require trusted parameters, MINIMAL, LOW and MODERATE do not, and an unknown
 * risk requires them (fail closed). Lookups that throw count as "requires trusted".
 *
 * <p>Immutable and thread-safe.
 */
public final class ParameterTrustPolicy {
  private static final ParameterTrustPolicy STRICT =
      new ParameterTrustPolicy(RiskLookup.unknown(), id -> ProvenanceRequirement.DEFAULT);

  private final RiskLookup risk;
  private final Function<String, ProvenanceRequirement> ruleRequirement;

  private ParameterTrustPolicy(RiskLookup risk, Function<String, ProvenanceRequirement> rule) {
    this.risk = Objects.requireNonNull(risk, "risk");
    this.ruleRequirement = Objects.requireNonNull(rule, "rule");
  }

  /** Every action requires trusted parameters (no risk levels known, no rules). */
  public static ParameterTrustPolicy strict() {
    return STRICT;
  }

  /** Decided by risk level alone. */
  public static ParameterTrustPolicy byRisk(RiskLookup risk) {
    return new ParameterTrustPolicy(risk, id -> ProvenanceRequirement.DEFAULT);
  }

  /** Decided by the rule's requirement, then by risk level. */
  public static ParameterTrustPolicy of(RiskLookup risk,
      Function<String, ProvenanceRequirement> ruleRequirement) {
    return new ParameterTrustPolicy(risk, ruleRequirement);
  }

  /** Whether the parameters of {@code actionId} must be trusted. */
  public boolean requiresTrustedParameters(String actionId) {
    return requiresTrusted(actionId, ruleOf(actionId));
  }

  /** The rule's requirement for the action, or {@code null} if the lookup failed. */
  private ProvenanceRequirement ruleOf(String actionId) {
    try {
      return ruleRequirement.apply(actionId);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A failed lookup ({@code null}) and an unknown risk require trusted parameters. */
  private boolean requiresTrusted(String actionId, ProvenanceRequirement rule) {
    if (rule == null || rule == ProvenanceRequirement.TRUSTED) {
      return true;
    }
    if (rule == ProvenanceRequirement.ANY) {
      return false;
    }
    Optional<RiskLevel> level;
    try {
      level = risk.riskOf(actionId);
    } catch (RuntimeException e) {
      return true;
    }
    return level == null || level.isEmpty() || level.get().requiresTrustedParameters();
  }

  /**
   * Why parameters labelled {@code parameterProvenance} may not be used for {@code actionId},
   * or empty if they may.
   */
  public Optional<String> violation(String actionId, Provenance parameterProvenance) {
    ProvenanceRequirement rule = ruleOf(actionId);
    if (rule == ProvenanceRequirement.UNTAINTED) {
      return parameterProvenance != null && parameterProvenance.isUntainted() ? Optional.empty()
          : Optional.of("untrusted data cannot be a parameter of action '" + actionId
              + "': its rule says provenance: untainted, but the parameters are "
              + ProvenanceGuard.normalize(parameterProvenance));
    }
    if (Provenance.isTrusted(parameterProvenance) || !requiresTrusted(actionId, rule)) {
      return Optional.empty();
    }
    return Optional.of("untrusted data cannot be a parameter of action '" + actionId
        + "': it requires trusted parameters (its rule says provenance: trusted, or its risk is "
        + "HIGH, CRITICAL or unknown), but the parameters are "
        + ProvenanceGuard.normalize(parameterProvenance));
  }
}
