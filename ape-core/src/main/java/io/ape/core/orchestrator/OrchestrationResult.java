package io.ape.core.orchestrator;

import io.ape.api.ApeException;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable result of one {@link ApeOrchestrator} call. A denial is data: a denied,
 * escalated-and-refused, rate-limited or invalid step makes {@link #success()} {@code false}
 * and is reported in {@link #steps()}, never silently skipped.
 *
 * <p>{@link #results()} gives the tool outputs unwrapped (the seed's {@code result.results[0]}
 * is the file's contents); {@link #labeledResults()} gives the same outputs with their
 * provenance. Tool outputs are EXTERNAL_UNTRUSTED data: nothing in this result can be used to
 * create authority.
 *
 * @param success {@code true} only when a plan existed and every one of its steps ran
 * @param prompt the prompt ({@code ""} when a plan was executed directly)
 * @param intent the compiled intent, or {@code null} if compilation failed
 * @param plan the plan, or {@code null} if none was built
 * @param steps one report per plan step, in plan order
 * @param exception the typed error that stopped the call, or {@code null}
 * @param auditCorrelationId the id stamped ({@code correlation_id}) on every audit event of the call
 */
public record OrchestrationResult(boolean success, String prompt, CompiledIntent intent, Plan plan,
    List<StepReport> steps, ApeException exception, String auditCorrelationId) {

  public OrchestrationResult {
    prompt = prompt == null ? "" : prompt;
    steps = List.copyOf(steps);
    Objects.requireNonNull(auditCorrelationId, "auditCorrelationId");
    if (success && (exception != null || plan == null)) {
      throw new IllegalArgumentException("a successful result has a plan and no error");
    }
  }

  /** The tool outputs of the steps that ran, in plan order, without their labels. */
  public List<Object> results() {
    List<Object> out = new ArrayList<>();
    for (StepReport s : steps) {
      if (s.result() != null) {
        out.add(s.result().value());
      }
    }
    return out;
  }

  /** The tool outputs of the steps that ran, in plan order, with their provenance. */
  public List<Labeled<Object>> labeledResults() {
    List<Labeled<Object>> out = new ArrayList<>();
    for (StepReport s : steps) {
      if (s.result() != null) {
        out.add(s.result());
      }
    }
    return out;
  }

  /** The error message, or {@code ""} on success. */
  public String error() {
    return exception == null ? "" : exception.getMessage();
  }

  /** The typed error, if the call failed. */
  public Optional<ApeException> errorException() {
    return Optional.ofNullable(exception);
  }

  /** Every policy decision made for the plan's steps, in plan order. */
  public List<Decision> decisions() {
    List<Decision> out = new ArrayList<>();
    for (StepReport s : steps) {
      if (s.decision() != null) {
        out.add(s.decision());
      }
    }
    return out;
  }

  /** The steps that needed an escalation that was not approved. */
  public List<StepReport> escalations() {
    return steps.stream().filter(s -> s.status() == StepStatus.ESCALATION_DENIED).toList();
  }

  /** The action ids of the steps whose tool ran, in order. */
  public List<String> executedActions() {
    return steps.stream().filter(s -> s.status() == StepStatus.EXECUTED)
        .map(StepReport::actionId).toList();
  }
}
