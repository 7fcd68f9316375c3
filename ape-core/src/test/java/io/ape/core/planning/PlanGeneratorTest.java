package io.ape.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionDefinition;
import io.ape.api.CompiledIntent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.RiskLevel;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import io.ape.core.compiler.PatternIntentCompiler;
import io.ape.core.compiler.PolicyViews;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanGeneratorTest {
  private final ActionRepository repository = StandardActions.createRepository();
  private final PatternIntentCompiler compiler = new PatternIntentCompiler(repository);
  private final PlanGenerator generator = new PlanGenerator(repository);

  private CompiledIntent compile(String prompt) {
    return compiler.compile(prompt, PolicyViews.allowingEverything());
  }

  @Test
  void readTheConfigJsonFileReadsConfigJson() {
    Plan plan = generator.generate(compile("Read the config.json file"), null);
    assertThat(plan.steps()).containsExactly(new PlanStep("read_file", "read_file",
        Map.of("path", "config.json"), "Read the contents of a single file"));
    assertThat(plan.tenantId()).isEqualTo("default");
    assertThat(plan.description()).isEqualTo("Allow: read_file");
    assertThat(plan.metadata()).containsExactly(Map.entry("source", "generator"));
  }

  @Test
  void oneStepPerActionInPromptOrderWithEscalationsMarkedNotDropped_weak2() {
    CompiledIntent intent = compile("Write 'x' to out.txt, then read config.json and delete"
        + " temp.txt");
    Plan plan = generator.generate(intent, Map.of(), "tenant-a");
    assertThat(plan.actionIds()).containsExactly("write_file", "read_file", "delete_file");
    assertThat(PlanMetadata.escalationSteps(plan)).containsExactly(2);
    assertThat(plan.tenantId()).isEqualTo("tenant-a");
    assertThat(plan.steps().get(2).parameters()).containsEntry("path", "temp.txt");
  }

  @Test
  void callerParametersCompleteAndOverrideThePrompts() {
    CompiledIntent intent = compile("Update config.json");
    Plan plan = generator.generate(intent, Map.of("write_file",
        Map.of("content", "{}", "path", "other.json")));
    assertThat(plan.steps().get(0).parameters())
        .containsExactly(Map.entry("path", "other.json"), Map.entry("content", "{}"));
  }

  @Test
  void parametersAreValidatedAgainstTheSchemaAndEveryErrorIsListed_weak3() {
    CompiledIntent intent = compile("Update config.json and fetch https://example.com");
    assertThatThrownBy(() -> generator.generate(intent, Map.of(
        "http_get", Map.of("timeout", 0, "evil", true))))
        .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
            .containsExactlyInAnyOrder(
                "step 0 (write_file): missing required parameter 'content'",
                "step 1 (http_get): timeout: 0 is below the minimum 1",
                "step 1 (http_get): unknown parameter 'evil' (allowed: url, headers, timeout)"));
  }

  @Test
  void parametersForAnActionOutsideTheIntentAreRejected() {
    CompiledIntent intent = compile("Read config.json");
    assertThatThrownBy(() -> generator.generate(intent, Map.of("delete_file",
        Map.of("path", "/"))))
        .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
            .containsExactly("parameters are given for action 'delete_file', which the intent"
                + " does not permit"));
  }

  @Test
  void missingPathIsATypedErrorNotAToolCrash() {
    assertThatThrownBy(() -> generator.generate(compile("Read the config file"), null))
        .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
            .containsExactly("step 0 (read_file): missing required parameter 'path'"));
    Plan plan = generator.generate(compile("Read the config file"),
        Map.of("read_file", Map.of("path", "x")));
    assertThat(plan.steps().get(0).parameters()).containsEntry("path", "x");
  }

  @Test
  void toolIdComesFromTheResolver() {
    PlanGenerator mapped = new PlanGenerator(repository,
        ToolResolver.of(Map.of("read_file", "fs.read")));
    Plan plan = mapped.generate(compile("Read config.json and list /tmp"), null);
    assertThat(plan.steps()).extracting(PlanStep::toolId)
        .containsExactly("fs.read", "list_directory");
  }

  @Test
  void aBrokenResolverIsATypedError() {
    PlanGenerator malformed = new PlanGenerator(repository, a -> "bad tool");
    assertThatThrownBy(() -> malformed.generate(compile("Read config.json"), null))
        .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
            .containsExactly("step 0 (read_file): the tool resolver bound a malformed tool id"
                + " 'bad tool'"));
    PlanGenerator throwing = new PlanGenerator(repository, a -> {
      throw new IllegalStateException("x");
    });
    assertThatThrownBy(() -> throwing.generate(compile("Read config.json"), null))
        .isInstanceOf(PlanValidationException.class)
        .hasMessageContaining("the tool resolver failed (IllegalStateException)");
    PlanGenerator nulls = new PlanGenerator(repository, a -> null);
    assertThatThrownBy(() -> nulls.generate(compile("Read config.json"), null))
        .isInstanceOf(PlanValidationException.class);
  }

  @Test
  void compatibleToolsOfACustomActionAreEnforced() {
    ActionRepository repo = StandardActions.createRepository();
    repo.register(ActionDefinition.builder("deploy").description("Deploy")
        .riskLevel(RiskLevel.LOW).compatibleTools(List.of("argo")).build());
    CompiledIntent intent = new PatternIntentCompiler(repo).compile("deploy",
        PolicyViews.allowingEverything());
    assertThatThrownBy(() -> new PlanGenerator(repo).generate(intent, null))
        .isInstanceOfSatisfying(PlanValidationException.class, e -> assertThat(e.errors())
            .containsExactly("step 0 (deploy): tool 'deploy' is not compatible with the action"
                + " (compatible: [argo])"));
    assertThat(new PlanGenerator(repo, ToolResolver.of(Map.of("deploy", "argo")))
        .generate(intent, null).steps().get(0).toolId()).isEqualTo("argo");
  }

  @Test
  void thePlanIsADeepCopy() {
    Map<String, Object> caller = new java.util.HashMap<>(Map.of("path", "a.txt"));
    Plan plan = generator.generate(compile("Read the config file"), Map.of("read_file", caller));
    caller.put("path", "/etc/shadow");
    assertThat(plan.steps().get(0).parameters()).containsEntry("path", "a.txt");
  }
}
