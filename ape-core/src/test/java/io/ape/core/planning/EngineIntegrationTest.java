package io.ape.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.CompiledIntent;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyView;
import io.ape.api.RequestContext;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import io.ape.core.compiler.PatternIntentCompiler;
import io.ape.core.compiler.PolicyViews;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiler, generator and validator with the real policy engine and YAML policies. */
class EngineIntegrationTest {
  private static final String READ_ONLY = "name: read_only\nversion: \"1.0\"\n"
      + "default_decision: deny\nrules:\n"
      + "  - action: read_file\n    decision: allow\n"
      + "  - action: list_directory\n    decision: allow\n"
      + "  - action: write_file\n    decision: deny\n"
      + "  - action: delete_file\n    decision: deny\n";
  private static final String SCOPED = "name: scoped\ndefault_decision: deny\nrules:\n"
      + "  - action: read_file\n    decision: allow\n"
      + "  - action: write_file\n    decision: allow\n    conditions:\n      path:\n"
      + "        prefix: [\"/tmp/\", \"/home/user/workspace/\"]\n"
      + "  - action: http_get\n    decision: escalate\n";

  @TempDir
  Path dir;

  private final ActionRepository repository = StandardActions.createRepository();
  private final PatternIntentCompiler compiler = new PatternIntentCompiler(repository);
  private final PlanGenerator generator = new PlanGenerator(repository);

  private PolicyEngine engine(String name, String yaml) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return PolicyEngine.fromFile(file);
  }

  @Test
  void seedQuickStartReadsConfigJson() throws IOException {
    try (PolicyEngine engine = engine("read_only", READ_ONLY)) {
      CompiledIntent intent = compiler.compile("Read the config.json file",
          PolicyViews.of(engine.policy()));
      Plan plan = generator.generate(intent, null);
      assertThat(plan.steps()).singleElement().satisfies(s -> {
        assertThat(s.actionId()).isEqualTo("read_file");
        assertThat(s.parameters()).containsExactly(Map.entry("path", "config.json"));
        assertThat(engine.evaluate(s.actionId(), s.parameters()).outcome())
            .isEqualTo(Outcome.ALLOW);
      });
      assertThatThrownBy(() -> compiler.compile("Delete all files",
          PolicyViews.of(engine.policy())))
          .isInstanceOfSatisfying(IntentNarrowingException.class,
              e -> assertThat(e.forbiddenActions()).containsExactly("delete_file"));
    }
  }

  @Test
  void rulesOnlyPolicyWithConditionsWorksThroughTheWholePath_weak9() throws IOException {
    try (PolicyEngine engine = engine("scoped", SCOPED)) {
      PolicyView view = PolicyViews.of(engine.policy());
      CompiledIntent intent = compiler.compile("Write the report", view);
      assertThat(intent.allowedActions()).containsExactly("write_file");
      RequestContext ctx = RequestContext.userTrusted();
      Plan ok = generator.fromModelOutput("1. write_file path=/tmp/report.md content=done",
          intent, engine, ctx);
      assertThat(ok.actionIds()).containsExactly("write_file");
      assertThatThrownBy(() -> generator.fromModelOutput(
          "1. write_file path=/tmp/../etc/passwd content=x", intent, engine, ctx))
          .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
              .singleElement().asString().startsWith("step 0 (write_file): denied by the policy"));
      CompiledIntent fetch = compiler.compile("Fetch https://example.com", view);
      assertThat(fetch.escalationRequired()).containsExactly("http_get");
      assertThatThrownBy(() -> generator.fromModelOutput("1. http_get", fetch, engine, ctx))
          .isInstanceOf(PlanValidationException.class);
      assertThat(PlanMetadata.escalationSteps(generator.fromModelOutput(
          "1. http_get [requires approval]", fetch, engine, ctx))).containsExactly(0);
    }
  }

  @Test
  void theViewIsAnUpperBoundOfEveryDecisionOfTheEngine() throws IOException {
    List<Map<String, Object>> parameterSets = List.of(Map.of(), Map.of("path", "/tmp/a"),
        Map.of("path", "/etc/passwd"), Map.of("path", "/tmp/../etc/passwd", "content", "x"),
        Map.of("url", "https://example.com"));
    for (String yaml : List.of(READ_ONLY, SCOPED)) {
      try (PolicyEngine engine = engine("p" + yaml.length(), yaml)) {
        PolicyView view = PolicyViews.of(engine.policy());
        for (String action : repository.actionIds()) {
          for (Map<String, Object> params : parameterSets) {
            Outcome actual = engine.evaluate(action, params,
                RequestContext.userTrusted()).outcome();
            assertThat(rank(actual)).as(action + " " + params)
                .isLessThanOrEqualTo(rank(view.bestOutcome(action)));
          }
        }
      }
    }
  }

  private static int rank(Outcome o) {
    return o == Outcome.ALLOW ? 2 : o == Outcome.ESCALATE ? 1 : 0;
  }
}
