package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files through the real YAML and JSON parsers, found by ServiceLoader. */
class YamlPolicyFilesTest {
  @TempDir
  Path dir;

  @Test
  void errorsTheEngineFindsCarryTheLineAndColumnOfTheYaml() throws IOException {
    Path file = Files.writeString(dir.resolve("p.yaml"), String.join("\n",
        "name: located",
        "rules:",
        "  - action: write_file",
        "    decision: allow",
        "    conditions:",
        "      path: { startswith: /tmp/ }",
        "      name: { regex: '(unclosed' }",
        ""));
    assertThatThrownBy(() -> PolicyEngine.fromFile(file))
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          PolicyProblem unknown = e.problems().get(0);
          assertThat(unknown.location().source()).isEqualTo(file.toString());
          assertThat(unknown.location().line()).isEqualTo(6);
          assertThat(unknown.location().column()).isPositive();
          assertThat(unknown.message()).startsWith("unknown operator 'startswith'");
          assertThat(e.problems().get(1).location().line()).isEqualTo(7);
          assertThat(e.problems().get(1).message()).startsWith("invalid regular expression");
        });
  }

  @Test
  void theSeedReadmeExampleWorksWithTheTypedOperators() throws IOException {
    Path file = Files.writeString(dir.resolve("scoped.yaml"), String.join("\n",
        "default_decision: deny",
        "rules:",
        "  - action: write_file",
        "    decision: allow",
        "    conditions:",
        "      path:",
        "        prefix: [\"/tmp/\", \"/home/user/workspace/\"]",
        "      content:",
        "        max_bytes: 10485760",
        "  - action: http_get",
        "    decision: allow",
        "    conditions:",
        "      url:",
        "        domain_in: [\"api.github.com\", \"*.internal.corp\"]",
        ""));
    PolicyEngine engine = PolicyEngine.fromFile(file);
    assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a", "content", "x")).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/../etc/passwd", "content", "x"))
        .outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("http_get", Map.of("url", "https://git.internal.corp/x")).outcome())
        .isEqualTo(Outcome.ALLOW);
    Decision evil = engine.evaluate("http_get", Map.of("url", "https://api.github.com.evil.com/"));
    assertThat(evil.outcome()).isEqualTo(Outcome.DENY);
    assertThat(evil.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
    assertThat(evil.failedConditions()).singleElement()
        .satisfies(f -> assertThat(f.ruleId()).isEqualTo("rules[1]"));
  }

  @Test
  void jsonFilesAreParsedByTheJsonProvider() throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"),
        "{\"name\": \"j\", \"allowed_actions\": [\"read_file\"], \"default_deny\": true}");
    PolicyEngine engine = PolicyEngine.fromFile(file);
    assertThat(engine.policy().source().format()).isEqualTo("json");
    assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void hostileFilesEndInTypedErrors() throws IOException {
    Path trailingNewlineId = Files.writeString(dir.resolve("nl.yaml"),
        "allowed_actions: [\"read_file\\n\"]\n");
    assertThatThrownBy(() -> PolicyEngine.fromFile(trailingNewlineId)).isInstanceOf(PolicyException.class)
        .hasMessageContaining(trailingNewlineId.toString());
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    assertThatThrownBy(() -> PolicyEngine.fromFile(empty)).isInstanceOf(PolicyException.class);
    Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {0, (byte) 0xff, 0x13, 0x37});
    assertThatThrownBy(() -> PolicyEngine.fromFile(binary)).isInstanceOf(PolicyException.class);
  }

  @Test
  void reloadPicksUpAnEditedYamlFile() throws IOException {
    Path file = Files.writeString(dir.resolve("live.yaml"), "allowed_actions: [read_file]\n");
    PolicyEngine engine = PolicyEngine.fromFile(file);
    assertThat(engine.evaluate("read_file").isAllowed()).isTrue();
    Files.writeString(file, "forbidden_actions: [read_file]\n");
    engine.reload();
    assertThat(engine.evaluate("read_file").isAllowed()).isFalse();
    Files.writeString(file, "forbidden_actions: [read_file\n");
    assertThatThrownBy(engine::reload).isInstanceOf(PolicyException.class);
    assertThat(engine.evaluate("read_file").source()).isEqualTo(DecisionSource.FORBIDDEN_LIST);
  }
}
