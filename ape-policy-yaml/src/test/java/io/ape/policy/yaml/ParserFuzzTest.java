package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.spi.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random documents never make the parsers fail open, crash or hang: each one yields a policy or
 * a {@link PolicyException} with a location, within one second (a hang detector, not a
 * performance assertion).
 */
class ParserFuzzTest {
  private static final Duration HANG = Duration.ofSeconds(1);
  /** The first, cold parses load and JIT-compile Jackson and SnakeYAML: a busy machine needs more. */
  private static final Duration COLD = Duration.ofSeconds(30);
  private static final ObjectMapper YAML_WRITER = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON_WRITER = new ObjectMapper();

  private static final List<String> KEYS = List.of("name", "version", "description",
      "default_deny", "default_decision", "allowed_actions", "forbidden_actions",
      "escalation_required", "tool_transitions", "rules", "metadata", "rate_limits", "audit",
      "action", "decision", "id", "provenance", "conditions", "path", "url", "prefix", "regex",
      "max", "equals", "global_per_minute", "per_session_per_minute", "max_cumulative_risk",
      "actions", "targets", "per_minute", "per_hour", "per_day", "redact", "read_file",
      "<<", "", " ", "delete_file\n", "d\u0435lete_file");
  private static final List<String> WORDS = List.of("allow", "deny", "escalate", "trusted",
      "any", "read_file", "write_file", "delete_file", "delete_file\n", " read_file",
      "d\u0435lete_file", "", "/tmp/", "/tmp/../etc/passwd", "*.github.com", "yes", "no", "~",
      "null", "1.0", "NaN", ".inf", "&a", "*a", "!!binary", "\u0000", "\t", "#");
  private static final List<String> TOKENS = List.of("name: ", "rules:\n", "- ", "action: ",
      "decision: ", "allow", "deny", "conditions:\n", "path:\n", "prefix: ", "default_deny: ",
      "default_decision: ", "allowed_actions: ", "forbidden_actions:\n", "rate_limits:\n",
      "metadata:\n", "audit:\n", "redact: ", "tool_transitions:\n", "read_file", "delete_file",
      "&a ", "*a", "&b ", "*b", "<<: ", "{", "}", "[", "]", ", ", ": ", ":", "\n", "  ", "    ",
      "'", "\"", "# c\n", "!!str ", "!!int ", "!!binary ", "!x ", "~", "yes", "1e400", "1_0",
      "0x1F", "-1", "9999999999999999999999", "---\n", "...\n", "\t", "|\n", ">\n", "? ", "%YAML 1.1\n",
      "\\", "\u0435", "\u00e9", "\uFEFF", "\r\n");

  /** Loads and compiles the code paths once, so that the hang detector measures parsing only. */
  @BeforeContainer
  static void warmUp() {
    for (int i = 0; i < 20; i++) {
      parsesOrFailsTyped(PolicyParsers.yaml(),
          PolicyFormatTest.FULL_YAML.getBytes(StandardCharsets.UTF_8), "warm.yaml", COLD);
      parsesOrFailsTyped(PolicyParsers.json(),
          PolicyFormatTest.FULL_JSON.getBytes(StandardCharsets.UTF_8), "warm.json", COLD);
      byte[] broken = "rules: [x]\n{".getBytes(StandardCharsets.UTF_8);
      parsesOrFailsTyped(PolicyParsers.yaml(), broken, "warm.yaml", COLD);
      parsesOrFailsTyped(PolicyParsers.json(), broken, "warm.json", COLD);
    }
  }

  private static void parsesOrFailsTyped(PolicyParser parser, byte[] content, String source) {
    parsesOrFailsTyped(parser, content, source, HANG);
  }

  private static void parsesOrFailsTyped(PolicyParser parser, byte[] content, String source,
      Duration hang) {
    // Only the parse runs under the hang detector; anything but a Policy or a PolicyException
    // propagates and fails the property.
    Object outcome = assertTimeoutPreemptively(hang, () -> {
      try {
        return parser.parse(content, source, PolicyLimits.defaults());
      } catch (PolicyException e) {
        return e;
      }
    });
    if (outcome instanceof PolicyException) {
      PolicyException e = (PolicyException) outcome;
      assertThat(e.getMessage()).isNotBlank().doesNotContain("failed unexpectedly");
      Policies.assertHasLocation(e, source);
    } else {
      assertThat(((Policy) outcome).source().sha256()).hasSize(64);
    }
  }

  private static void bothFormats(byte[] content) {
    parsesOrFailsTyped(PolicyParsers.yaml(), content, "fuzz.yaml");
    parsesOrFailsTyped(PolicyParsers.json(), content, "fuzz.json");
  }

  @Property(tries = 300)
  void randomBytes(@ForAll("bytes") byte[] content) {
    bothFormats(content);
  }

  @Property(tries = 300)
  void randomTokenSoup(@ForAll("tokenSoup") String text) {
    bothFormats(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void randomStructuresFromPolicyKeys(@ForAll("structures") Map<String, Object> document)
      throws Exception {
    parsesOrFailsTyped(PolicyParsers.yaml(), YAML_WRITER.writeValueAsBytes(document), "fuzz.yaml");
    parsesOrFailsTyped(PolicyParsers.json(), JSON_WRITER.writeValueAsBytes(document), "fuzz.json");
  }

  @Property(tries = 300)
  void mutatedValidYamlPolicies(@ForAll("yamlMutations") String text) {
    parsesOrFailsTyped(PolicyParsers.yaml(), text.getBytes(StandardCharsets.UTF_8), "fuzz.yaml");
  }

  @Property(tries = 300)
  void mutatedValidJsonPolicies(@ForAll("jsonMutations") String text) {
    parsesOrFailsTyped(PolicyParsers.json(), text.getBytes(StandardCharsets.UTF_8), "fuzz.json");
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
  }

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<Map<String, Object>> structures() {
    return Arbitraries.maps(Arbitraries.of(KEYS), value(3)).ofMaxSize(8);
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.of(WORDS).map(o -> (Object) o),
        Arbitraries.integers().map(o -> (Object) o),
        Arbitraries.longs().map(o -> (Object) o),
        Arbitraries.doubles().map(o -> (Object) o),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 1e300).map(o -> (Object) o),
        Arbitraries.of(true, false).map(o -> (Object) o),
        Arbitraries.just(null),
        Arbitraries.strings().ofMaxLength(20).map(o -> (Object) o));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> list = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4)
        .map(o -> (Object) o);
    Arbitrary<Object> map = Arbitraries.maps(Arbitraries.of(KEYS),
        Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(4).map(o -> (Object) o);
    return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(2, list), Tuple.of(3, map));
  }

  @Provide
  Arbitrary<String> yamlMutations() {
    return mutationsOf(PolicyFormatTest.FULL_YAML);
  }

  @Provide
  Arbitrary<String> jsonMutations() {
    return mutationsOf(PolicyFormatTest.FULL_JSON);
  }

  private Arbitrary<String> mutationsOf(String valid) {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, valid.length()),
        Arbitraries.integers().between(0, 40),
        Arbitraries.of(TOKENS))
        .as(Mutation::new);
    return mutation.list().ofMinSize(1).ofMaxSize(6).map(mutations -> {
      String text = valid;
      for (Mutation m : mutations) {
        text = m.apply(text);
      }
      return text;
    });
  }

  /** One edit of a document: delete, insert, duplicate, replace or swap. */
  private record Mutation(int kind, int position, int length, String token) {
    String apply(String text) {
      int at = Math.min(position, text.length());
      int end = Math.min(text.length(), at + length);
      switch (kind) {
        case 0:
          return text.substring(0, at) + text.substring(end);
        case 1:
          return text.substring(0, at) + token + text.substring(at);
        case 2:
          return text.substring(0, end) + text.substring(at, end) + text.substring(end);
        case 3:
          return text.substring(0, at) + token + text.substring(end);
        default:
          return text.substring(at) + text.substring(0, at);
      }
    }
  }
}
