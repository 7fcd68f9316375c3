package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.policy.fixtures.FileExtensionOperatorProvider;
import io.ape.core.policy.operator.ConditionOperators;
import io.ape.core.provider.ProviderLoader;
import io.ape.policy.yaml.internal.JsonPolicyParserProvider;
import io.ape.policy.yaml.internal.YamlPolicyParserProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/policy-reference.md} honest: every {@code ```yaml} and {@code ```json} block
 * in it is loaded through {@link PolicyEngine}. A block must load, unless an HTML comment
 * right before it says {@code <!-- invalid: TEXT -->}, in which case it must fail with a
 * {@link PolicyException} whose message contains TEXT. Further comments before a block are
 * checked against the loaded engine:
 *
 * <ul>
 *   <li>{@code <!-- expect: ACTION {"json": "params"} => OUTCOME -->} (untrusted parameters),
 *       {@code <!-- expect-trusted: ... -->} (user-trusted parameters),
 *       {@code <!-- expect: ACTION {...} with {"provenance": "user", "untrusted": ["k"],
 *       "tenant": "t", "session_user": "u", "attributes": {...}} => OUTCOME -->} (a context);</li>
 *   <li>{@code <!-- transition: FROM TO => true|false -->}.</li>
 * </ul>
 *
 * <p>A block preceded by {@code <!-- cases-file -->} is an {@code ape test} cases file, not a
 * policy (the ape-cli tests run it).
 *
 * <p>A {@code ```text} block preceded by {@code <!-- error-of-previous-example -->} must be
 * exactly the error message of the previous (invalid) example, loaded from
 * {@code policy.yaml} in the working directory.
 *
 * <p>The engine sees the YAML and JSON parsers and the {@code file_extension} example operator
 * of the document's custom-operator section (the one in this test tree's fixtures).
 */
class PolicyReferenceDocTest {
  private static final Path DOC = Path.of("docs", "policy-reference.md");
  private static final Pattern FENCE = Pattern.compile("^```(yaml|json|text)\\s*$");
  private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");
  static final Pattern EXPECT = Pattern.compile("^(expect|expect-trusted):\\s*(\\S+)\\s+(\\{.*?\\})"
      + "(?:\\s+with\\s+(\\{.*\\}))?\\s*=>\\s*(ALLOW|DENY|ESCALATE)$");
  private static final Pattern TRANSITION =
      Pattern.compile("^transition:\\s*(\\S+)\\s+(\\S+)\\s*=>\\s*(true|false)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /**
   * One fenced block of the document with the comments written right before it, the last line
   * of prose before those comments (what a reader sees), and the policy block before it (for
   * {@code text} blocks).
   */
  record Block(int line, String format, String text, List<String> annotations, String prose,
      Block previous) {
    String invalidText() {
      for (String a : annotations) {
        if (a.equals("invalid")) {
          return "";
        }
        if (a.startsWith("invalid:")) {
          return a.substring("invalid:".length()).trim();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "policy-reference.md line " + line + " (" + format + ")";
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExampleLoadsOrFailsAsAnnotated() throws IOException {
    return blocks().stream().map(b -> DynamicTest.dynamicTest(b.toString(),
        () -> {
          if (b.format().equals("text")) {
            checkErrorOutput(b);
          } else {
            check(b);
          }
        }));
  }

  @Test
  void theReferenceShowsEveryBuiltInOperatorAndEveryTopLevelKeyInAValidExample() throws IOException {
    StringBuilder valid = new StringBuilder();
    for (Block b : blocks()) {
      if (b.invalidText() == null && !b.format().equals("text")
          && !b.annotations().contains("cases-file")) {
        valid.append(b.text()).append('\n');
      }
    }
    Set<String> missing = new LinkedHashSet<>();
    for (String op : ConditionOperators.builtInNames()) {
      if (!Pattern.compile("[\\s{,\"]" + op + "\"?\\s*:").matcher(valid).find()) {
        missing.add("operator " + op);
      }
    }
    for (String key : List.of("name", "version", "description", "default_deny",
        "default_decision", "allowed_actions", "forbidden_actions", "escalation_required",
        "tool_transitions", "rules", "metadata", "audit", "redact", "rate_limits",
        "global_per_minute", "per_session_per_minute", "max_cumulative_risk", "actions",
        "targets", "per_minute", "per_hour", "per_day", "action", "decision", "id",
        "provenance", "conditions", "resolve_symlinks", "base", "combining",
        "default_parameters", "parameters")) {
      if (!Pattern.compile("(?m)[\\s{,\"]" + key + "\"?\\s*:").matcher(valid).find()) {
        missing.add("key " + key);
      }
    }
    assertThat(missing).as("shown in no valid example of the reference").isEmpty();
  }

  @Test
  void theDocumentHasBothValidAndInvalidExamples() throws IOException {
    List<Block> blocks = blocks();
    assertThat(blocks).filteredOn(b -> b.invalidText() == null && !b.format().equals("text"))
        .hasSizeGreaterThan(25);
    assertThat(blocks).filteredOn(b -> b.invalidText() != null).hasSizeGreaterThan(5);
    assertThat(blocks).filteredOn(b -> b.format().equals("json")).isNotEmpty();
  }

  private void check(Block block) throws IOException {
    if (block.annotations().contains("cases-file")) {
      return;
    }
    Path file = dir.resolve("policy." + block.format());
    Files.writeString(file, block.text(), StandardCharsets.UTF_8);
    String invalid = block.invalidText();
    if (invalid != null) {
      assertThatThrownBy(() -> load(file).close())
          .as("%s is marked invalid", block)
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining(invalid);
      assertThat(block.annotations()).as("%s: an invalid example cannot have expectations", block)
          .allMatch(a -> a.startsWith("invalid"));
      assertThat(block.prose()).as("%s: readers do not see comments; say it is invalid", block)
          .startsWith("**Invalid**");
      return;
    }
    try (PolicyEngine engine = load(file)) {
      for (String annotation : block.annotations()) {
        checkAnnotation(block, engine, annotation);
      }
    }
  }

  private void checkErrorOutput(Block block) throws IOException {
    if (!block.annotations().contains("error-of-previous-example")) {
      return; // a plain text block, not an error message
    }
    Block example = block.previous();
    assertThat(example).as("%s: no example before it", block).isNotNull();
    assertThat(example.invalidText()).as("%s: the example before it must be invalid", block)
        .isNotNull();
    Path file = dir.resolve("policy." + example.format());
    Files.writeString(file, example.text(), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> load(file).close())
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(e.getMessage().replace(dir + "/", ""))
            .as("%s: the error of the example at line %d", block, example.line())
            .isEqualTo(block.text().stripTrailing()));
  }

  private static void checkAnnotation(Block block, PolicyEngine engine, String annotation)
      throws IOException {
    Matcher expect = EXPECT.matcher(annotation);
    Matcher transition = TRANSITION.matcher(annotation);
    if (expect.matches()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = JSON.readValue(expect.group(3), Map.class);
      RequestContext context = context(expect.group(1).equals("expect-trusted"),
          expect.group(4));
      Decision d = engine.evaluate(unescape(expect.group(2)), params, context);
      assertThat(d.outcome()).as("%s: %s (reason: %s)", block, annotation, d.reason())
          .isEqualTo(Outcome.valueOf(expect.group(5)));
    } else if (transition.matches()) {
      assertThat(engine.isTransitionAllowed(transition.group(1), transition.group(2)))
          .as("%s: %s", block, annotation).isEqualTo(Boolean.parseBoolean(transition.group(3)));
    } else {
      fail("%s: unknown annotation <!-- %s -->", block, annotation);
    }
  }

  /** The context of an {@code expect} annotation: its {@code with {...}}, or the default. */
  @SuppressWarnings("unchecked")
  static RequestContext context(boolean trusted, String with) throws IOException {
    if (with == null) {
      return trusted ? RequestContext.userTrusted() : RequestContext.untrusted();
    }
    Map<String, Object> c = JSON.readValue(with, Map.class);
    Provenance provenance = switch (String.valueOf(c.getOrDefault("provenance",
        trusted ? "user" : "external"))) {
      case "user" -> Provenance.USER_TRUSTED;
      case "system" -> Provenance.SYSTEM_TRUSTED;
      case "model" -> Provenance.MODEL_GENERATED;
      case "external" -> Provenance.EXTERNAL_UNTRUSTED;
      default -> throw new IllegalArgumentException("unknown provenance in " + with);
    };
    Map<String, Provenance> labels = new java.util.LinkedHashMap<>();
    for (Object k : (List<Object>) c.getOrDefault("untrusted", List.of())) {
      labels.put((String) k, Provenance.EXTERNAL_UNTRUSTED);
    }
    Map<String, String> attributes = new java.util.LinkedHashMap<>(
        (Map<String, String>) c.getOrDefault("attributes", Map.of()));
    if (c.get("session_user") != null) {
      attributes.put(PolicyEngine.USER_ATTRIBUTE, (String) c.get("session_user"));
    }
    for (String key : c.keySet()) {
      if (!Set.of("provenance", "untrusted", "tenant", "session_user", "attributes")
          .contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in " + with);
      }
    }
    return new RequestContext((String) c.getOrDefault("tenant", RequestContext.DEFAULT_TENANT),
        "", provenance, attributes, labels);
  }

  /** Action ids in annotations may spell a trailing newline as {@code \n}. */
  private static String unescape(String action) {
    return action.replace("\\n", "\n");
  }

  private static PolicyEngine load(Path file) {
    return PolicyEngine.builder().policyFile(file)
        .providerLoader(ProviderLoader.fromInstances(List.of(new YamlPolicyParserProvider(),
            new JsonPolicyParserProvider(), new FileExtensionOperatorProvider())))
        .build();
  }

  private static List<Block> blocks() throws IOException {
    List<String> lines = Files.readAllLines(findDoc(), StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    List<String> annotations = new ArrayList<>();
    String prose = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      Matcher comment = COMMENT.matcher(line.trim());
      if (fence.matches()) {
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        if (i >= lines.size()) {
          fail("unterminated ``` block at line %d", start);
        }
        String format = fence.group(1).toLowerCase(Locale.ROOT);
        Block previous = null;
        for (int j = blocks.size() - 1; j >= 0 && previous == null; j--) {
          previous = blocks.get(j).format().equals("text") ? null : blocks.get(j);
        }
        blocks.add(new Block(start, format, text.toString(), List.copyOf(annotations), prose,
            format.equals("text") ? previous : null));
        annotations.clear();
        prose = "";
      } else if (comment.matches()) {
        annotations.add(comment.group(1));
      } else if (!line.isBlank()) {
        annotations.clear();
        prose = line;
      }
    }
    return blocks;
  }

  /** The document, found by walking up from the module directory to the project root. */
  private static Path findDoc() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(DOC))) {
        return p.resolve(DOC);
      }
    }
    throw new IllegalStateException(DOC + " not found above " + Path.of("").toAbsolutePath());
  }
}
