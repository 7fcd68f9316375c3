package io.ape.core.authority;

import io.ape.core.audit.AuditLog;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.intent.IntentManager;
import io.ape.core.internal.run.RunState;
import io.ape.core.plan.ApprovedPlan;
import io.ape.core.plan.PlanManager;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.time.Clock;
import java.util.function.Consumer;

/** The seed's run as {@link RunState}: a runtime, its intent manager and its plan manager. */
final class ManagedRun implements RunState {
  private final RuntimeOrchestrator runtime;
  private final IntentManager intents;
  private final PlanManager plans;

  ManagedRun(RuntimeOrchestrator runtime, PlanManager plans) {
    this.runtime = runtime;
    this.plans = plans;
    this.intents = plans.intents();
  }

  @Override
  public String tenant() {
    return runtime.tenantId();
  }

  @Override
  public String session() {
    return runtime.sessionId();
  }

  @Override
  public Clock clock() {
    return runtime.clock();
  }

  @Override
  public AuditLog audit() {
    return runtime.audit();
  }

  @Override
  public RuntimeState state() {
    return runtime.state();
  }

  @Override
  public ApprovedPlan approved() {
    return plans.approved().orElse(null);
  }

  @Override
  public CurrentIntent intent() {
    return intents.snapshot().orElse(null);
  }

  @Override
  public void enterEscalation() {
    runtime.transition(RuntimeState.ESCALATION_REQUIRED);
  }

  @Override
  public void leaveEscalation() {
    runtime.transition(RuntimeState.EXECUTING);
  }

  @Override
  public void onAuthorityLost(Consumer<String> listener) {
    runtime.addTransitionListener((from, to) -> {
      if (to == RuntimeState.TERMINATED) {
        listener.accept("run terminated");
      }
    });
    plans.addChangeListener((oldHash, newHash, wasApproved) -> listener.accept(
        oldHash.equals(newHash) ? "intent changed" : "plan changed"));
    intents.addChangeListener((oldVersion, newVersion) -> listener.accept("intent changed"));
  }

  @Override
  public void onTerminated(Runnable listener) {
    runtime.addTransitionListener((from, to) -> {
      if (to == RuntimeState.TERMINATED) {
        listener.run();
      }
    });
  }
}
