package io.ape.core.internal.run;

import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.core.audit.AuditLog;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.plan.ApprovedPlan;
import io.ape.core.runtime.RuntimeState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The run of one guarded call: a one-step plan under the session's intent, approved from the
 * trusted channel when the run starts (the application, through the engine), and EXECUTING from
 * then until {@link #terminate()}. It has no state machine of its own to audit: the session's
 * intent was audited when it was declared, and the call's one step is audited by the pipeline.
 *
 * <p>The plan's hash is the call's unique id (256 bits): a one-step plan has no identity worth
 * hashing beyond its step, whose parameters are bound by their own canonical hash.
 *
 * <p>Used by one thread (the call's); {@link #terminate()} may come from any thread.
 *
 * @since 0.2.0
 */
public final class OneStepRun implements RunState {
  private static final String SOURCE = "guarded_call";

  private final String tenant;
  private final String session;
  private final Clock clock;
  private final AuditLog audit;
  private final ApprovedPlan plan;
  private final CurrentIntent intent;
  private final List<Consumer<String>> lost = new ArrayList<>(1);
  private final List<Runnable> terminated = new ArrayList<>(1);
  private volatile boolean ended;

  /**
   * The run of one call.
   *
   * @param intent the session's intent, with its version
   * @param callId the call's unique id, 64 hex digits (the plan's hash)
   * @param step the one step
   * @param provenance the label of the step's parameters (the least trusted of their labels)
   */
  public OneStepRun(String tenant, String session, Clock clock, AuditLog audit,
      CurrentIntent intent, String callId, PlanStep step, Provenance provenance) {
    this.tenant = tenant;
    this.session = session;
    this.clock = clock;
    this.audit = audit;
    this.intent = intent;
    Plan one = new Plan(tenant, List.of(step), "guarded call", Map.of("source", SOURCE));
    this.plan = new ApprovedPlan(one, callId, intent.intent(), intent.version(),
        List.of(ApeHashes.parametersHash(step.parameters())), List.of(provenance),
        clock.instant());
  }

  /** A session's intent as the intent of its calls' runs: the actions it may use, hashed once. */
  public static CurrentIntent intentOf(String tenant, List<String> actions) {
    Intent i = new Intent(tenant, actions, List.of(), List.of(), "session", "", Map.of());
    return new CurrentIntent(i, ApeHashes.intentVersion(i), Provenance.SYSTEM_TRUSTED);
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String session() {
    return session;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public RuntimeState state() {
    return ended ? RuntimeState.TERMINATED : RuntimeState.EXECUTING;
  }

  @Override
  public ApprovedPlan approved() {
    return plan;
  }

  @Override
  public CurrentIntent intent() {
    return intent;
  }

  @Override
  public void enterEscalation() {
    // the call waits for the resolver; issuance of its one step is frozen by the manager
  }

  @Override
  public void leaveEscalation() {
    // nothing to resume
  }

  @Override
  public void onAuthorityLost(Consumer<String> listener) {
    lost.add(listener);
  }

  @Override
  public void onTerminated(Runnable listener) {
    terminated.add(listener);
  }

  /** Ends the run: an outstanding token is revoked. Idempotent. */
  public void terminate() {
    if (ended) {
      return;
    }
    ended = true;
    for (Consumer<String> l : lost) {
      l.accept("call ended");
    }
    for (Runnable r : terminated) {
      r.run();
    }
  }
}
