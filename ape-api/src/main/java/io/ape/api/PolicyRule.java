package io.ape.api;

import java.util.List;
import java.util.Objects;

/**
 * A rule of a policy: for one action, a decision that applies when all conditions hold.
 *
 * @param id the rule's id ({@code id:} in the file, else {@code rules[N]} with N 0-based)
 * @param actionId the action it applies to
 * @param decision what the rule decides when it matches
 * @param conditions the conditions, all of which must hold (possibly empty: always matches)
 * @param provenance what the rule requires of the parameters' provenance
 * @param description optional free text ({@code ""} when absent)
 * @param location where the rule starts in the source
 * @param parameters which parameters the rule admits besides those its conditions name
 *     ({@code parameters:}; since 0.2.0)
 * @param onUntrusted what an {@code allow} rule decides when it matches but a parameter is not
 *     trusted (or untainted) as its provenance requirement says: {@link Outcome#DENY} (the
 *     default) or {@link Outcome#ESCALATE}, to ask a human ({@code on_untrusted:}; since 0.2.0).
 *     Never {@link Outcome#ALLOW}.
 *
 * @since 0.1.0
 */
public record PolicyRule(
    String id,
    String actionId,
    Outcome decision,
    List<ConditionSpec> conditions,
    ProvenanceRequirement provenance,
    String description,
    SourceLocation location,
    ParameterSet parameters,
    Outcome onUntrusted) {

  /** A rule that denies untrusted parameters (the form before {@code on_untrusted:}). */
  public PolicyRule(String id, String actionId, Outcome decision, List<ConditionSpec> conditions,
      ProvenanceRequirement provenance, String description, SourceLocation location,
      ParameterSet parameters) {
    this(id, actionId, decision, conditions, provenance, description, location, parameters,
        Outcome.DENY);
  }

  /** A rule whose parameter set is the policy's default (the form before 0.2.0). */
  public PolicyRule(String id, String actionId, Outcome decision, List<ConditionSpec> conditions,
      ProvenanceRequirement provenance, String description, SourceLocation location) {
    this(id, actionId, decision, conditions, provenance, description, location,
        ParameterSet.policyDefault());
  }

  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(decision, "decision");
    conditions = List.copyOf(conditions);
    provenance = provenance == null ? ProvenanceRequirement.DEFAULT : provenance;
    description = description == null ? "" : description;
    Objects.requireNonNull(location, "location");
    parameters = parameters == null ? ParameterSet.policyDefault() : parameters;
    onUntrusted = onUntrusted == null ? Outcome.DENY : onUntrusted;
    if (onUntrusted == Outcome.ALLOW) {
      throw new IllegalArgumentException("onUntrusted must be DENY or ESCALATE: untrusted"
          + " parameters are never allowed by it");
    }
  }
}
