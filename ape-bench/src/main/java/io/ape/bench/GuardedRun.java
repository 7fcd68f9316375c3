package io.ape.bench;

import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run wired as in production (real {@link PolicyEngine} on {@code policies/read_only.yaml},
 * in-memory audit sink, enforcement gate) with an approved plan of {@link #STEPS} reads of a
 * workspace file; {@link #guardedCall()} runs the next step through the full guarded path and
 * starts a fresh run when the plan is used up (once every {@link #STEPS} calls).
 */
final class GuardedRun {
  static final int STEPS = 1_000;

  private final PolicyEngine policy;
  private final ToolRegistry tools;
  private final String session;
  private AuthorityManager authority;
  private EnforcementGate gate;
  private List<Action> actions;
  private int next;

  GuardedRun(PolicyEngine policy, String session) {
    this.policy = policy;
    this.session = session;
    this.tools = new ToolRegistry();
    tools.register("read_file", p -> p.get("path"), false);
    startRun();
  }

  static PolicyEngine readOnlyPolicy() {
    return PolicyEngine.fromFile(readOnlyPolicyFile());
  }

  /** The bundled {@code policies/read_only.yaml}, found above the working directory. */
  static Path readOnlyPolicyFile() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("policies").resolve("read_only.yaml");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("policies/read_only.yaml not found above the working directory");
  }

  private void startRun() {
    AuditLog audit = AuditLog.builder().clock(Clock.systemUTC()).sink(new InMemoryAuditSink()).build();
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().session(session)
        .audit(audit).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, policy);
    authority = new AuthorityManager(runtime, plans, policy);
    gate = new EnforcementGate(authority, tools);
    List<PlanStep> steps = new ArrayList<>(STEPS);
    for (int i = 0; i < STEPS; i++) {
      steps.add(PlanStep.of("read_file", Map.of("path", "/workspace/file-" + i + ".txt")));
    }
    String intentVersion = intents.set(Intent.of(List.of("read_file"), "execution"),
        Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    plans.submit(Plan.of(steps), Provenance.USER_TRUSTED);
    plans.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);
    actions = new ArrayList<>(STEPS);
    for (int i = 0; i < STEPS; i++) {
      actions.add(authority.actionForStep(i));
    }
    if (!actions.get(0).intentVersion().equals(intentVersion)) {
      throw new IllegalStateException("the plan's intent version differs from the intent set");
    }
    next = 0;
  }

  /** Evaluate + issue + gate (verify, consume, run the tool, audit) for the next plan step. */
  Object guardedCall() {
    if (next == STEPS) {
      startRun();
    }
    Action action = actions.get(next++);
    return gate.execute(authority.issue(action), action).value();
  }
}
