package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyValidationException;
import io.ape.api.ProviderNotFoundException;
import io.ape.core.provider.Fixtures;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperatorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom operators and external evaluators discovered through ServiceLoader. */
class PluginTest {

  @Test
  void aCustomOperatorIsFoundByServiceLoaderAndUsableInAPolicyFile(@TempDir Path dir) throws IOException {
    ServiceLoader<ConditionOperatorProvider> found =
        ServiceLoader.load(ConditionOperatorProvider.class, Fixtures.loader("operators"));
    assertThat(found.stream().map(p -> p.get().id())).containsExactly("file_extension");

    Path file = Files.writeString(dir.resolve("docs.yaml"), String.join("\n",
        "name: docs",
        "rules:",
        "  - id: docs",
        "    action: read_file",
        "    decision: allow",
        "    conditions:",
        "      path: { path_within: /srv, file_extension: [md, txt] }",
        ""));
    PolicyEngine engine = PolicyEngine.builder()
        .providerLoader(Fixtures.providerLoader("operators")).policyFile(file).build();
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/README.MD")).outcome())
        .isEqualTo(Outcome.ALLOW);
    Decision denied = engine.evaluate("read_file", Map.of("path", "/srv/run.sh"));
    assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
    assertThat(denied.reason()).contains("does not have one of the extensions");

    Files.writeString(file, String.join("\n",
        "rules:",
        "  - action: read_file",
        "    decision: allow",
        "    conditions:",
        "      path: { file_extension: md }",
        ""));
    assertThatThrownBy(engine::reload)
        .as("the custom operator validates its argument at load, with the location")
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining(file + ":5:")
        .hasMessageContaining("file_extension needs a non-empty list");
  }

  @Test
  void withoutTheProviderTheOperatorIsUnknown() {
    assertThatThrownBy(() -> PolicyEngine.builder().providerLoader(Fixtures.providerLoader("none"))
        .policy(TestPolicy.named("docs").rule("docs", "read_file", Outcome.ALLOW,
            cond("path", "file_extension", List.of("md"))).build()).build())
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("unknown operator 'file_extension'");
    assertThatThrownBy(() -> PolicyEngine.builder().operatorDiscovery(false)
        .providerLoader(Fixtures.providerLoader("operators"))
        .policy(TestPolicy.named("docs").rule("docs", "read_file", Outcome.ALLOW,
            cond("path", "file_extension", List.of("md"))).build()).build())
        .isInstanceOf(PolicyValidationException.class);
  }

  @Test
  void aProviderCannotReplaceABuiltInOperator() {
    assertThatThrownBy(() -> PolicyEngine.builder().providerLoader(Fixtures.providerLoader("operator-reserved"))
        .policy(TestPolicy.named("x").build()).build())
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("Provider id 'prefix' of io.ape.spi.ConditionOperatorProvider is reserved");
  }

  @Test
  void aBuilderOperatorCannotReplaceABuiltInEither() {
    ConditionOperator fakePrefix = new ConditionOperator() {
      @Override
      public String name() {
        return "prefix";
      }

      @Override
      public CompiledCondition compile(io.ape.api.ConditionSpec spec) {
        throw new AssertionError("never");
      }
    };
    assertThatThrownBy(() -> PolicyEngine.builder().operator(fakePrefix)
        .providerLoader(Fixtures.providerLoader("none")).policy(TestPolicy.named("x").build()).build())
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("claims the built-in operator name 'prefix'");
  }

  @Test
  void externalEvaluatorsAreEnabledByConfiguration() {
    try (PolicyEngine engine = PolicyEngine.builder()
        .providerLoader(Fixtures.providerLoader("evaluators"))
        .property("ape.policy.evaluators", "deny-writes")
        .policy(TestPolicy.named("x").allow("write_file", "read_file").build()).build()) {
      Decision write = engine.evaluate("write_file");
      assertThat(write.outcome()).isEqualTo(Outcome.DENY);
      assertThat(write.source()).isEqualTo(DecisionSource.EXTERNAL_EVALUATOR);
      assertThat(write.reason()).startsWith("external evaluator 'deny-writes' denied: writes are frozen");
      assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.ALLOW);
    }
    try (PolicyEngine notEnabled = PolicyEngine.builder()
        .providerLoader(Fixtures.providerLoader("evaluators"))
        .policy(TestPolicy.named("x").allow("write_file").build()).build()) {
      assertThat(notEnabled.evaluate("write_file").outcome()).as("available is not enabled")
          .isEqualTo(Outcome.ALLOW);
    }
  }

  @Test
  void enablingAnEvaluatorThatIsNotThereFailsTheBuild() {
    assertThatThrownBy(() -> PolicyEngine.builder().providerLoader(Fixtures.providerLoader("none"))
        .property("ape.policy.evaluators", "opa")
        .policy(TestPolicy.named("x").build()).build())
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("ape.policy.evaluators = \"opa\" names \"opa\" but no");
  }
}
