package io.ape.core.internal.run;

import io.ape.core.audit.AuditLog;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.plan.ApprovedPlan;
import io.ape.core.runtime.RuntimeState;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the authority of one run reads about the run: its tenant and session, where it is in its
 * life cycle, the intent in force and the plan approved against it. Two kinds of run exist: a
 * managed run (the seed's {@code RuntimeOrchestrator}, {@code IntentManager} and
 * {@code PlanManager}, for plans of any length) and the one-step run of a guarded call
 * ({@link OneStepRun}), whose intent and one-step plan are fixed and approved when it starts.
 *
 * @since 0.2.0
 */
public interface RunState {
  /** The run's tenant. */
  String tenant();

  /** The run's session: its non-secret reference ({@code ""} if none). */
  String session();

  /** The engine clock. */
  Clock clock();

  /** The engine audit log. */
  AuditLog audit();

  /** Where the run is in its life cycle. */
  RuntimeState state();

  /** The plan approved against the current intent, or {@code null}. */
  ApprovedPlan approved();

  /** The intent in force, or {@code null}. */
  CurrentIntent intent();

  /**
   * Freezes issuance while an escalation is resolved (ESCALATION_REQUIRED).
   *
   * @throws io.ape.api.ApeException if the run cannot enter that state (then nothing changed)
   */
  void enterEscalation();

  /**
   * Resumes issuance after an escalation (EXECUTING).
   *
   * @throws io.ape.api.ApeException if the run cannot resume
   */
  void leaveEscalation();

  /**
   * Tells {@code listener} (with a reason) whenever the run's authority must be dropped: the run
   * terminated, or its intent or plan changed.
   */
  void onAuthorityLost(Consumer<String> listener);

  /** Tells {@code listener} once when the run terminates. */
  void onTerminated(Runnable listener);
}
