package io.ape.examples;

import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's manual path, component by component: intent, plan, approval, a token per step, the
 * enforcement gate, with the real {@link PolicyEngine} on {@code policies/read_only.yaml}. The
 * {@code read_file} tool reads real files: the agent's {@code /workspace} is mapped onto a
 * directory on disk (a path escaping it is refused by the tool as well as by the policy).
 */
public final class ManualPath {
  private static final Logger LOG = LoggerFactory.getLogger(ManualPath.class);

  /** What the run produced: the file read, and the decision reason for the secret it was denied. */
  public record Result(String content, String secretDenialReason, int nextStep) {}

  private ManualPath() {}

  public static void main(String[] args) throws IOException {
    Path workspace = Files.createTempDirectory("ape-workspace");
    Files.writeString(workspace.resolve("config.json"), "{\"debug\": false}\n", StandardCharsets.UTF_8);
    Result result = run(workspace);
    LOG.info("read: {}", result.content().strip());
    LOG.info("denied .env: {}", result.secretDenialReason());
  }

  /** Runs a three-step plan (config.json, .env, notes.md) over {@code workspaceDir}. */
  public static Result run(Path workspaceDir) {
    PolicyEngine policy = PolicyEngine.fromFile(ExamplePolicies.file("read_only.yaml"));
    ToolRegistry tools = new ToolRegistry();
    tools.register("read_file", p -> readInWorkspace(workspaceDir, String.valueOf(p.get("path"))), false);

    RuntimeOrchestrator runtime = new RuntimeOrchestrator();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, policy);
    AuthorityManager authority = new AuthorityManager(runtime, plans, policy);
    EnforcementGate gate = new EnforcementGate(authority, tools);

    String intentVersion = intents.set(Intent.of(List.of("read_file"), "execution"),
        Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    String planHash = plans.submit(Plan.of(List.of(
        PlanStep.of("read_file", Map.of("path", "/workspace/config.json")),
        PlanStep.of("read_file", Map.of("path", "/workspace/.env")),
        PlanStep.of("read_file", Map.of("path", "/workspace/notes.md")))), Provenance.USER_TRUSTED);
    plans.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);

    Action first = new Action("read_file", "read_file", Map.of("path", "/workspace/config.json"),
        intentVersion, planHash, 0);
    Labeled<Object> read = gate.execute(authority.issue(intentVersion, planHash, first), first);

    String denial;
    try {
      authority.issue(authority.actionForStep(1));
      throw new IllegalStateException("the policy allowed reading /workspace/.env");
    } catch (PolicyDenyException e) {
      denial = e.decision().reason();
    }
    int next = authority.nextStep();
    runtime.terminate();
    return new Result(String.valueOf(read.value()), denial, next);
  }

  private static String readInWorkspace(Path workspaceDir, String agentPath) {
    if (!agentPath.startsWith("/workspace/")) {
      throw new IllegalArgumentException("not a workspace path: " + agentPath);
    }
    Path root = workspaceDir.toAbsolutePath().normalize();
    Path file = root.resolve(agentPath.substring("/workspace/".length())).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the workspace: " + agentPath);
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
