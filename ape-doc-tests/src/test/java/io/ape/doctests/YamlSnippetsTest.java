package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ape.api.ActionRequest;
import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```yaml} block of README.md, docs/ and the module READMEs is a policy that loads
 * in the engine (parsed, validated, compiled), with the annotations right before it checked:
 *
 * <ul>
 *   <li>{@code <!-- expect: ACTION {"json": "params"} => ALLOW|DENY|ESCALATE -->}: the decision
 *       for that request with untrusted parameters ({@code expect-trusted:} with parameters
 *       the user typed, {@code USER_TRUSTED});</li>
 *   <li>{@code <!-- invalid: TEXT -->}: the block must <em>fail</em> to load, with a message
 *       containing TEXT;</li>
 *   <li>{@code <!-- snippet: not-a-policy -->}: YAML that is not a policy (a configuration
 *       file, say); it must still parse as YAML.</li>
 * </ul>
 *
 * <p>{@code docs/policy-reference.md} is checked by ape-core's {@code PolicyReferenceDocTest}
 * instead (same annotations), because its examples use a custom operator from that module's
 * test fixtures.
 */
class YamlSnippetsTest {
  private static final Pattern EXPECT = Pattern.compile(
      "(\\S+)\\s+(\\{.*\\})\\s*=>\\s*(ALLOW|DENY|ESCALATE)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static Stream<Docs.Block> policyBlocks() {
    return Docs.blocks("yaml", "yml").stream()
        .filter(b -> !b.file().endsWith(Path.of("docs", "policy-reference.md")));
  }

  @TestFactory
  Stream<DynamicTest> everyYamlBlockIsAPolicyThatDecidesAsStated() {
    return policyBlocks().map(b -> DynamicTest.dynamicTest(b.where(), () -> check(b)));
  }

  private void check(Docs.Block b) throws IOException {
    if ("not-a-policy".equals(b.snippet())) {
      new YAMLMapper().readTree(b.text());
      return;
    }
    Path file = Files.writeString(dir.resolve("policy-" + b.line() + ".yaml"), b.text(),
        StandardCharsets.UTF_8);
    List<String> invalid = b.annotations("invalid");
    if (!invalid.isEmpty()) {
      assertThatThrownBy(() -> PolicyEngine.fromFile(file).close())
          .as("%s is marked invalid", b.where())
          .isInstanceOf(PolicyException.class).hasMessageContaining(invalid.get(0));
      return;
    }
    try (PolicyEngine engine = PolicyEngine.fromFile(file)) {
      expect(b, engine, b.annotations("expect"), RequestContext.untrusted());
      expect(b, engine, b.annotations("expect-trusted"), RequestContext.userTrusted());
    } catch (PolicyException e) {
      throw new AssertionError(b.where() + " does not load: " + e.getMessage()
          + " (mark YAML that is not a policy with <!-- snippet: not-a-policy -->)", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void expect(Docs.Block b, PolicyEngine engine, List<String> expectations,
      RequestContext context) throws IOException {
    for (String e : expectations) {
      Matcher m = EXPECT.matcher(e);
      assertThat(m.matches()).as("%s: malformed expectation '%s'", b.where(), e).isTrue();
      Map<String, Object> params = JSON.readValue(m.group(2), Map.class);
      var decision = engine.evaluate(new ActionRequest(m.group(1), params, context));
      assertThat(decision.outcome())
          .as("%s: %s (%s parameters): %s", b.where(), e,
              context.parameterProvenance() == Provenance.USER_TRUSTED ? "trusted" : "untrusted",
              decision.reason())
          .isEqualTo(Outcome.valueOf(m.group(3)));
    }
  }
}
