package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.ApeException;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.RequestContext;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import io.ape.core.compiler.PatternIntentCompiler;
import io.ape.core.compiler.PolicyViews;
import io.ape.core.planning.PlanGenerator;
import io.ape.engine.ApeEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape test-prompt POLICY PROMPT [--config FILE] [--json]}. */
@Command(
    name = "test-prompt",
    header = "Run a prompt through the whole pipeline against a policy, without running tools.",
    description = "Compiles PROMPT into an intent narrowed by POLICY, generates the plan, and "
        + "evaluates every step with its parameters (as typed by the user, USER_TRUSTED), "
        + "exactly as the orchestrator's pre-flight does. No tool runs and no authority is "
        + "issued. The verdict is 'would run' only if every step is allowed; otherwise it is "
        + "'needs escalation' (a step escalates, none is denied), 'denied' (a step is denied, "
        + "or the policy forbids every action of the prompt), 'ambiguous' (no action could be "
        + "read from the prompt) or 'invalid_plan' (no valid plan). Without --fail-on the "
        + "command exits 0 whatever the verdict (the verdict is the output); with --fail-on it "
        + "exits 1 when the verdict is one of those named.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape test-prompt policies/read_only.yaml \"Read the file /workspace/config.json\"",
        "  ape test-prompt policies/read_only.yaml \"Delete all files\" --json",
        "  ape test-prompt policies/read_only.yaml \"Read a.txt\" --config ape.properties",
        "  ape test-prompt --fail-on any policies/read_only.yaml \"Read the file /workspace/a.txt\""
    })
final class TestPromptCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1", paramLabel = "PROMPT", description = "The prompt.")
  String prompt;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Build the engine with the ape.* settings of FILE (.properties, .yaml or "
          + ".yml): its intent compiler (ape.compiler), external evaluators (ape.evaluator) and "
          + "plugins are used. An unknown key, or a provider that is not installed, is an error.")
  Path config;

  @Option(names = "--json", description = "Print the result as JSON on stdout, and nothing else.")
  boolean json;

  /** Completion candidates of {@code --fail-on}. */
  static final class FailOnValues implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("denied", "escalation", "ambiguous", "invalid_plan", "any").iterator();
    }
  }

  @Option(names = "--fail-on", split = ",", paramLabel = "VERDICT",
      completionCandidates = FailOnValues.class,
      description = "Exit 1 when the verdict is one of these (comma-separated or repeated): "
          + "denied, escalation ('needs escalation'), ambiguous, invalid_plan, or any (every "
          + "verdict but 'would run'). Without it the exit code is 0 for every verdict.")
  List<String> failOn = List.of();

  /** The verdicts {@code --fail-on} accepts, each with the verdicts it names. */
  private static final Map<String, List<String>> FAIL_ON = Map.of(
      "denied", List.of("denied"),
      "escalation", List.of("needs escalation"),
      "ambiguous", List.of("ambiguous"),
      "invalid_plan", List.of("invalid_plan"),
      "any", List.of("denied", "needs escalation", "ambiguous", "invalid_plan"));

  private java.util.Set<String> failingVerdicts = java.util.Set.of();

  /** What the verdict is computed with: the policy loader's, or an engine's. */
  private interface Pipeline extends AutoCloseable {
    String policyName();

    io.ape.api.CompiledIntent compile(String prompt);

    Plan plan(io.ape.api.CompiledIntent intent);

    Decision evaluate(ActionRequest request);

    @Override
    void close();
  }

  @Override
  public Integer call() {
    java.util.Set<String> failing = new java.util.LinkedHashSet<>();
    for (String value : failOn) {
      List<String> verdicts = FAIL_ON.get(value.strip().toLowerCase(java.util.Locale.ROOT));
      if (verdicts == null) {
        throw new CliUsageException("--fail-on takes denied, escalation, ambiguous, invalid_plan "
            + "or any, but was '" + Text.printable(value) + "'");
      }
      failing.addAll(verdicts);
    }
    failingVerdicts = failing;
    try (Pipeline pipeline = config == null ? loaderPipeline() : enginePipeline()) {
      return run(pipeline);
    }
  }

  private Pipeline loaderPipeline() {
    ActionRepository repository = StandardActions.createRepository();
    LoadedPolicy loaded = load(policy);
    return new Pipeline() {
      @Override
      public String policyName() {
        return loaded.policy().name();
      }

      @Override
      public CompiledIntent compile(String text) {
        return new PatternIntentCompiler(repository).compile(text, PolicyViews.of(loaded.policy()));
      }

      @Override
      public Plan plan(CompiledIntent intent) {
        return new PlanGenerator(repository).generate(intent, null);
      }

      @Override
      public Decision evaluate(ActionRequest request) {
        return loaded.evaluate(request);
      }

      @Override
      public void close() {
        loaded.close();
      }
    };
  }

  private Pipeline enginePipeline() {
    ApeEngine engine = ApeEngine.builder().policyFile(InputFiles.requireRegularFile(policy))
        .configurationFile(InputFiles.requireRegularFile(config)).build();
    return new Pipeline() {
      @Override
      public String policyName() {
        return engine.policyEngine().policy().name();
      }

      @Override
      public CompiledIntent compile(String text) {
        return engine.orchestrator().compileIntent(text);
      }

      @Override
      public Plan plan(CompiledIntent intent) {
        return engine.orchestrator().createPlan(intent);
      }

      @Override
      public Decision evaluate(ActionRequest request) {
        return engine.policyEngine().evaluate(request);
      }

      @Override
      public void close() {
        engine.close();
      }
    };
  }

  private Integer run(Pipeline pipeline) {
    Output out = output(json);
    ActionRepository repository = StandardActions.createRepository();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("policy", pipeline.policyName());
    CompiledIntent intent;
    try {
      intent = pipeline.compile(prompt);
    } catch (IntentNarrowingException e) {
      doc.put("verdict", "denied");
      doc.put("stage", "intent");
      doc.put("forbidden_actions", e.forbiddenActions());
      doc.put("message", e.getMessage());
      return print(out, doc);
    } catch (IntentCompilationException e) {
      doc.put("verdict", "ambiguous");
      doc.put("stage", "intent");
      doc.put("message", e.getMessage());
      return print(out, doc);
    }
    doc.put("intent", AnalyzeCommand.intentView(intent, repository));
    Plan plan;
    try {
      plan = pipeline.plan(intent);
    } catch (ApeException e) {
      doc.put("verdict", "invalid_plan");
      doc.put("stage", "plan");
      doc.put("message", e.getMessage());
      return print(out, doc);
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    String verdict = "would run";
    for (int i = 0; i < plan.steps().size(); i++) {
      PlanStep s = plan.steps().get(i);
      Decision d = pipeline.evaluate(new ActionRequest(s.actionId(), s.parameters(),
          RequestContext.userTrusted()));
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("index", i);
      step.put("action", s.actionId());
      step.put("tool", s.toolId());
      step.put("parameters", s.parameters());
      step.put("decision", Views.decision(d));
      steps.add(step);
      if (d.outcome() == Outcome.DENY) {
        verdict = "denied";
      } else if (d.outcome() == Outcome.ESCALATE && !verdict.equals("denied")) {
        verdict = "needs escalation";
      }
    }
    doc.put("steps", steps);
    doc.put("verdict", verdict);
    doc.put("stage", "plan");
    return print(out, doc);
  }

  @SuppressWarnings("unchecked")
  private Integer print(Output out, Map<String, Object> doc) {
    int exit = failingVerdicts.contains(String.valueOf(doc.get("verdict")))
        ? ExitCode.FLAGGED : ExitCode.OK;
    if (out.isJson()) {
      out.json(doc);
      return exit;
    }
    out.line(out.bold("policy") + "   " + Text.printable(String.valueOf(doc.get("policy"))));
    Object intent = doc.get("intent");
    if (intent instanceof Map) {
      for (Map<String, Object> a : (List<Map<String, Object>>) ((Map<String, Object>) intent).get("actions")) {
        out.line(out.bold("intent") + "   " + Text.printable(String.valueOf(a.get("action")))
            + "  risk " + a.get("risk") + "  " + Text.printable(Json.compact(a.get("parameters"))));
      }
      Object forbidden = ((Map<String, Object>) intent).get("forbidden_actions");
      if (forbidden instanceof List && !((List<?>) forbidden).isEmpty()) {
        out.line(out.bold("removed") + "  " + Text.printable(Json.compact(forbidden))
            + " (forbidden by the policy or negated in the prompt)");
      }
    }
    Object forbiddenOnly = doc.get("forbidden_actions");
    if (forbiddenOnly instanceof List) {
      out.line(out.bold("forbidden") + " " + Text.printable(Json.compact(forbiddenOnly)));
    }
    Object steps = doc.get("steps");
    if (steps instanceof List) {
      for (Map<String, Object> s : (List<Map<String, Object>>) steps) {
        Map<String, Object> d = (Map<String, Object>) s.get("decision");
        Outcome o = Outcome.valueOf(String.valueOf(d.get("decision")).toUpperCase(java.util.Locale.ROOT));
        out.line(out.bold("step " + s.get("index")) + "   " + out.outcome(o, 8) + " "
            + Text.printable(String.valueOf(s.get("action"))) + " "
            + Text.printable(Json.compact(s.get("parameters"))) + "  "
            + Text.printable(String.valueOf(d.get("reason"))));
      }
    }
    if (doc.containsKey("message")) {
      out.line(out.bold("note") + "     " + Text.printable(String.valueOf(doc.get("message"))));
    }
    out.line(out.bold("verdict") + "  " + doc.get("verdict"));
    out.flush();
    return exit;
  }
}
