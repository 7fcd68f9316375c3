package io.ape.core.plan;

import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A plan approved against one intent version, with the canonical hash of every step's
 * parameters and their provenance. Immutable.
 *
 * @param plan the plan
 * @param planHash its canonical SHA-256
 * @param intent the intent it was approved against
 * @param intentVersion that intent's version
 * @param parameterHashes SHA-256 of each step's canonical parameters, by step index
 * @param parameterProvenance the provenance of each step's parameters, by step index
 * @param approvedAt when it was approved
 */
public record ApprovedPlan(
    Plan plan,
    String planHash,
    Intent intent,
    String intentVersion,
    List<String> parameterHashes,
    List<Provenance> parameterProvenance,
    Instant approvedAt) {

  public ApprovedPlan {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(planHash, "planHash");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(intentVersion, "intentVersion");
    parameterHashes = List.copyOf(parameterHashes);
    parameterProvenance = List.copyOf(parameterProvenance);
    Objects.requireNonNull(approvedAt, "approvedAt");
    if (parameterHashes.size() != plan.steps().size()
        || parameterProvenance.size() != plan.steps().size()) {
      throw new IllegalArgumentException("one parameter hash and one provenance per step required");
    }
  }

  /** The number of steps. */
  public int size() {
    return plan.steps().size();
  }

  /** Step {@code index}. */
  public PlanStep step(int index) {
    return plan.steps().get(index);
  }

  /** The SHA-256 of step {@code index}'s canonical parameters. */
  public String parametersHash(int index) {
    return parameterHashes.get(index);
  }

  /** The provenance of step {@code index}'s parameters. */
  public Provenance parameterProvenance(int index) {
    return parameterProvenance.get(index);
  }
}
