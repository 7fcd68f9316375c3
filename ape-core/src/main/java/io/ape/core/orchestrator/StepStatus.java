package io.ape.core.orchestrator;

/** What happened to one step of a plan run by the {@link ApeOrchestrator}. */
public enum StepStatus {
  /** The tool ran and returned a result. */
  EXECUTED,
  /** The policy denied the step (nothing of the plan ran if this was found in pre-flight). */
  DENIED,
  /** The step needed an escalation that was not approved. */
  ESCALATION_DENIED,
  /** The step's parameters or tool were invalid. */
  INVALID,
  /** A rate limit or the risk budget refused the step. */
  RATE_LIMITED,
  /** Authority was refused or the tool failed while running the step. */
  FAILED,
  /** The step did not run because an earlier check or step stopped the plan. */
  NOT_RUN
}
