package io.ape.policy.yaml;

import static io.ape.policy.yaml.Policies.failure;
import static io.ape.policy.yaml.Policies.jsonFailure;
import static io.ape.policy.yaml.Policies.yaml;
import static io.ape.policy.yaml.Policies.yamlFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken documents end in a typed exception with a location, fast. */
class HostileInputTest {
  private static final Duration HANG = Duration.ofSeconds(5);

  private static PolicyLimitException limitFailure(String text, PolicyLimits limits, boolean yaml) {
    PolicyException e = assertTimeoutPreemptively(HANG,
        () -> failure(text.getBytes(StandardCharsets.UTF_8), limits, yaml));
    assertThat(e).isInstanceOf(PolicyLimitException.class);
    return (PolicyLimitException) e;
  }

  @Nested
  class EmptyAndNonMappingDocuments {
    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n", "# only a comment\n", "---\n", "null", "~", "''"})
    void emptyYamlDocumentIsRejected(String text) {
      PolicyException e = yamlFailure(text);

      assertThat(e).isInstanceOf(PolicyParseException.class);
      assertThat(e.getMessage()).contains("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "\"\""})
    void emptyJsonDocumentIsRejected(String text) {
      assertThat(jsonFailure(text).getMessage()).contains("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"just a string", "42", "- read_file\n- write_file", "[1, 2]", "true"})
    void nonMappingYamlDocumentIsRejected(String text) {
      PolicyException e = yamlFailure(text);

      assertThat(e).isInstanceOf(PolicyParseException.class);
      assertThat(e.getMessage()).contains("must be a mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"policy\"", "3.5", "true"})
    void nonMappingJsonDocumentIsRejected(String text) {
      assertThat(jsonFailure(text).getMessage()).contains("must be a mapping");
    }

    @Test
    void nullContentIsATypedError() {
      PolicyException e = failure(null, PolicyLimits.defaults(), true);

      assertThat(e.getMessage()).contains("null");
    }

    @Test
    void secondYamlDocumentIsRejected() {
      PolicyException e = yamlFailure("default_deny: true\n---\ndefault_deny: false\n");

      assertThat(e.getMessage()).contains("more than one YAML document");
    }

    @Test
    void trailingJsonContentIsRejected() {
      assertThat(jsonFailure("{} {\"default_deny\": false}").getMessage())
          .contains("after the end of the JSON document");
    }
  }

  @Nested
  class Size {
    @Test
    void fiftyMegabyteDocumentIsRejectedBeforeParsing() {
      byte[] huge = new byte[50 * 1024 * 1024];
      Arrays.fill(huge, (byte) 'a');

      PolicyException e = assertTimeoutPreemptively(HANG,
          () -> failure(huge, PolicyLimits.defaults(), true));

      assertThat(e).isInstanceOf(PolicyLimitException.class);
      PolicyLimitException limit = (PolicyLimitException) e;
      assertThat(limit.limit()).isEqualTo("maxBytes");
      assertThat(limit.maximum()).isEqualTo(PolicyLimits.defaults().maxBytes());
      assertThat(e.getMessage()).contains("52428800 bytes").contains("maxBytes");
    }

    @Test
    void sizeLimitIsConfigurable() {
      PolicyLimitException e = limitFailure("name: twelve", PolicyLimits.defaults().withMaxBytes(5),
          true);

      assertThat(e.limit()).isEqualTo("maxBytes");
      assertThat(e.maximum()).isEqualTo(5);
    }
  }

  @Nested
  class Nesting {
    @Test
    void tenThousandLevelsOfYamlFlowNestingAreRejected() {
      String text = "metadata: " + "[".repeat(10_000) + "]".repeat(10_000);

      PolicyLimitException e = limitFailure(text, PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxNestingDepth");
      assertThat(e.getMessage()).contains("nested deeper than 64 levels");
    }

    @Test
    void tenThousandLevelsOfYamlBlockNestingAreRejected() {
      String text = "metadata:\n  deep:\n    " + "- ".repeat(10_000) + "x\n";

      assertThat(limitFailure(text, PolicyLimits.defaults(), true).limit())
          .isEqualTo("maxNestingDepth");
    }

    @Test
    void deeplyIndentedYamlBlockNestingIsRejected() {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 1_000; i++) {
        text.append(" ".repeat(i)).append("k:\n");
      }

      assertThat(limitFailure(text.toString(), PolicyLimits.defaults(), true).limit())
          .isEqualTo("maxNestingDepth");
    }

    @Test
    void tenThousandLevelsOfJsonNestingAreRejected() {
      String text = "{\"metadata\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_001);

      assertThat(limitFailure(text, PolicyLimits.defaults(), false).limit())
          .isEqualTo("maxNestingDepth");
    }

    @Test
    void deepNestingWithinARaisedLimitStillFailsCleanlyWithoutStackOverflow() {
      String text = "metadata: {deep: " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
      PolicyLimits raised = PolicyLimits.defaults().withMaxNestingDepth(20_000);

      // No hang guard here: SnakeYAML needs a few seconds for 10 000 flow levels on a loaded
      // machine (the default depth limit stops such input at level 65). What is tested is that
      // the deep tree ends in the typed error, not in a StackOverflowError.
      PolicyException e = failure(text.getBytes(StandardCharsets.UTF_8), raised, true);

      assertThat(e.getMessage()).contains("metadata.deep").contains("nested deeper than 15 levels");
    }

    @Test
    void metadataMayNestFifteenLevelsAndNoDeeper() {
      String fifteen = "{a: ".repeat(15) + "1" + "}".repeat(15);
      String sixteen = "{a: ".repeat(16) + "1" + "}".repeat(16);

      assertThat(yaml("metadata: " + fifteen).metadata()).containsKey("a");
      assertThat(yamlFailure("metadata: " + sixteen).getMessage())
          .contains("nested deeper than 15 levels");
    }

    @Test
    void nestingLimitIsConfigurable() {
      PolicyLimitException e = limitFailure("metadata: {a: {b: 1}}",
          PolicyLimits.defaults().withMaxNestingDepth(2), true);

      assertThat(e.maximum()).isEqualTo(2);
      assertThat(e.location().line()).isEqualTo(1);
      assertThat(e.location().column()).isEqualTo(15);
    }
  }

  @Nested
  class AliasBombs {
    static final String BILLION_LAUGHS = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """;

    @Test
    void billionLaughsFailsFastAtTheFirstOversizedAlias() {
      PolicyLimitException e = limitFailure("metadata:\n  " + BILLION_LAUGHS.replace("\n", "\n  "),
          PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxAliasExpansion");
      assertThat(e.getMessage()).contains("alias *d expands to more than 1000 nodes");
      assertThat(e.location().line()).isEqualTo(6);
    }

    @Test
    void billionLaughsAtTheTopLevelIsStoppedBeforeItsUnknownKeysMatter() {
      assertThat(limitFailure(BILLION_LAUGHS, PolicyLimits.defaults(), true).limit())
          .isEqualTo("maxAliasExpansion");
    }

    @Test
    void tooManyAliasesAreRejected() {
      String text = "allowed_actions: [&x read_file]\nmetadata:\n  m: [" + "*x, ".repeat(101)
          + "*x]";

      PolicyLimitException e = limitFailure(text, PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxAliases");
      assertThat(e.getMessage()).contains("more than 100 YAML aliases");
    }

    @Test
    void aliasesCanBeDisabled() {
      PolicyLimitException e = limitFailure("allowed_actions: [&x read_file]\nescalation_required: [*x]",
          PolicyLimits.defaults().withMaxAliases(0), true);

      assertThat(e.limit()).isEqualTo("maxAliases");
      assertThat(e.maximum()).isZero();
    }

    @Test
    void recursiveAliasIsRejected() {
      assertThat(yamlFailure("metadata: &m\n  self: *m\n").getMessage())
          .contains("refers to a node that contains it");
    }

    @Test
    void undefinedAliasIsRejected() {
      assertThat(yamlFailure("allowed_actions: [*nothing]").getMessage())
          .contains("*nothing refers to an undefined anchor");
    }

    @Test
    void mergeKeysAreRejected() {
      assertThat(yamlFailure("metadata:\n  base: &b {x: 1}\n  copy:\n    <<: *b\n").getMessage())
          .contains("merge keys");
    }
  }

  @Nested
  class Garbage {
    @Test
    void binaryGarbageIsRejected() {
      byte[] garbage = new byte[4096];
      new Random(42).nextBytes(garbage);

      PolicyException e = failure(garbage, PolicyLimits.defaults(), true);

      assertThat(e).isInstanceOf(PolicyParseException.class);
      assertThat(e.getMessage()).contains("invalid UTF-8");
    }

    @Test
    void invalidUtf8IsRejectedAtItsLineAndColumn() {
      byte[] text = "name: ok\nescalation_required: [x\u00e9]\n".getBytes(StandardCharsets.UTF_8);
      byte[] broken = Arrays.copyOf(text, text.length);
      int index = new String(text, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
      broken[index + 1] = (byte) 0x28; // a broken continuation byte

      PolicyParseException e = (PolicyParseException) failure(broken, PolicyLimits.defaults(), true);

      assertThat(e.getMessage()).contains("invalid UTF-8");
      assertThat(e.location().line()).isEqualTo(2);
      assertThat(e.location().column()).isEqualTo(24);
    }

    @Test
    void utf16IsRejected() {
      byte[] utf16 = "name: x".getBytes(StandardCharsets.UTF_16);

      assertThat(failure(utf16, PolicyLimits.defaults(), true).getMessage()).contains("UTF-8");
    }

    @Test
    void validUtf8GarbageIsAParseError() {
      assertThat(yamlFailure("{{{::: ]] - -- &&& ***").getMessage()).contains("malformed YAML");
      assertThat(jsonFailure("{\"a\" 1}").getMessage()).contains("malformed JSON");
    }

    @Test
    void tabIndentationIsAParseErrorAtTheTab() {
      PolicyParseException e = (PolicyParseException) yamlFailure("name: x\n\tversion: 1\n");

      assertThat(e.location().line()).isEqualTo(2);
      assertThat(e.location().column()).isEqualTo(1);
      assertThat(e.getMessage()).doesNotContain("\n").contains("TAB");
    }

    @Test
    void binaryTagIsRejected() {
      assertThat(yamlFailure("metadata:\n  blob: !!binary aGVsbG8=\n").getMessage())
          .contains("!!binary");
    }

    @Test
    void customTagsAreRejected() {
      assertThat(yamlFailure("name: !!python/object:os.system x").getMessage())
          .contains("tag");
      assertThat(yamlFailure("name: !custom x").getMessage()).contains("'!custom'");
    }

    @Test
    void coreSchemaTagsAreAccepted() {
      assertThat(yaml("version: !!str 1.0\nname: !!str 12").name()).isEqualTo("12");
    }

    @Test
    void jsonCommentsAndNanAreRejected() {
      assertThat(jsonFailure("{\"name\": \"x\" // comment\n}").getMessage())
          .contains("malformed JSON");
      assertThat(jsonFailure("{\"rate_limits\": {\"max_cumulative_risk\": NaN}}").getMessage())
          .contains("malformed JSON");
    }

    @Test
    void noLibraryStackTraceOrClassNameLeaksIntoMessages() {
      for (PolicyException e : new PolicyException[] {yamlFailure("a: [1, 2"),
          yamlFailure("a: 'x"), jsonFailure("{\"a\": tru}"), yamlFailure("- a\nb: c")}) {
        assertThat(e.getMessage()).doesNotContain("\tat ").doesNotContain("com.fasterxml")
            .doesNotContain("org.yaml").doesNotContain("\n");
        assertThat(e.getCause()).isNotNull();
      }
    }
  }

  @Nested
  class Numbers {
    @Test
    void aNumberLongerThan1000CharactersIsRejectedBeforeItIsDecoded() {
      String text = "rate_limits:\n  global_per_minute: " + "9".repeat(1_010) + "\n";

      PolicyLimitException e = limitFailure(text, PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxNumberLength");
      assertThat(e.location().line()).isEqualTo(2);
      assertThat(e.location().column()).isEqualTo(22);
    }

    @Test
    void anExplicitlyTaggedHugeIntegerIsRejectedBeforeItIsDecoded() {
      PolicyLimits raised = PolicyLimits.defaults().withMaxStringLength(200_000);
      String text = "metadata: {n: !!int " + "9".repeat(100_000) + "}";

      PolicyLimitException e = limitFailure(text, raised, true);

      assertThat(e.limit()).isEqualTo("maxNumberLength");
    }

    @Test
    void aMillionDigitPlainScalarIsAStringAndTooLong() {
      String text = "rate_limits:\n  global_per_minute: " + "9".repeat(1_000_000) + "\n";

      PolicyLimitException e = limitFailure(text, PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxStringLength");
      assertThat(e.location().line()).isEqualTo(2);
    }

    @Test
    void aLongJsonNumberIsRejected() {
      String text = "{\"rate_limits\": {\"global_per_minute\": " + "9".repeat(5_000) + "}}";

      assertThat(limitFailure(text, PolicyLimits.defaults(), false).limit())
          .isEqualTo("maxNumberLength");
    }

    @Test
    void aLongQuotedDigitStringIsAStringNotANumber() {
      assertThat(yaml("name: \"" + "9".repeat(5_000) + "\"").name()).hasSize(5_000);
    }

    @Test
    void infiniteFloatsAreRejected() {
      assertThat(yamlFailure("metadata: {x: 1e400}").getMessage()).contains("out of range");
      assertThat(jsonFailure("{\"metadata\": {\"x\": -1e400}}").getMessage())
          .contains("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {".nan", ".NaN", ".NAN", ".inf", ".Inf", "+.inf", "-.inf", "-.INF"})
    void yamlNanAndInfinityAreRejected(String value) {
      assertThat(yamlFailure("rate_limits:\n  max_cumulative_risk: " + value))
          .isInstanceOf(PolicyParseException.class)
          .hasMessageContaining(":2:24: the number '" + value + "' is not finite");
    }
  }

  @Nested
  class QuadraticScanning {
    @Test
    void anEightMegabyteTokenIsRejectedInOneLinearPass() {
      String text = "name: x\ndescription: " + "a".repeat(8_000_000);

      PolicyLimitException e = limitFailure(text, PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxStringLength");
      assertThat(e.getMessage()).contains("line 2 is longer than 66560 characters");
      assertThat(e.location().line()).isEqualTo(2);
    }

    @Test
    void anEightMegabyteBlockScalarLineWithSpacesIsRejected() {
      String text = "description: |\n  " + "a ".repeat(4_000_000);

      assertThat(limitFailure(text, PolicyLimits.defaults(), true).limit())
          .isEqualTo("maxStringLength");
    }

    @Test
    void anEightMegabyteCommentIsRejected() {
      String text = "name: x\n# " + "a b ".repeat(2_000_000);

      assertThat(limitFailure(text, PolicyLimits.defaults(), true).location().line()).isEqualTo(2);
    }

    @Test
    void anEightMegabyteQuotedStringIsRejected() {
      assertThat(limitFailure("name: \"" + "a".repeat(8_000_000) + "\"", PolicyLimits.defaults(),
          true).limit()).isEqualTo("maxStringLength");
    }

    @Test
    void manyShortLinesAreOnlyLimitedByTheDocumentSize() {
      String words = "word\n  ".repeat(10_000);

      assertThat(yaml("description: " + words).description()).hasSize(10_000 * 5 - 1);
    }

    @Test
    void aLongJsonLineIsFineForTheJsonParser() {
      StringBuilder json = new StringBuilder("{\"allowed_actions\": [");
      for (int i = 0; i < 20_000; i++) {
        json.append(i == 0 ? "" : ",").append("\"action_").append(i).append('"');
      }
      json.append("]}");

      assertThat(Policies.json(json.toString()).allowedActions()).hasSize(20_000);
    }
  }

  @Nested
  class Counts {
    @Test
    void tooManyRulesAreRejected() {
      StringBuilder text = new StringBuilder("rules:\n");
      for (int i = 0; i < 11; i++) {
        text.append("  - {action: a").append(i).append(", decision: deny}\n");
      }

      PolicyLimitException e = limitFailure(text.toString(),
          PolicyLimits.defaults().withMaxRules(10), true);

      assertThat(e.limit()).isEqualTo("maxRules");
      assertThat(e.getMessage())
          .isEqualTo("test.yaml:2:3: the policy has 11 rules (limit maxRules = 10)");
    }

    @Test
    void tooLongStringsAreRejected() {
      PolicyLimitException e = limitFailure("description: " + "x".repeat(70_000),
          PolicyLimits.defaults(), true);

      assertThat(e.limit()).isEqualTo("maxStringLength");
    }

    @Test
    void tooLongKeysAreRejected() {
      assertThat(limitFailure("{\"" + "k".repeat(100) + "\": 1}",
          PolicyLimits.defaults().withMaxStringLength(50), false).limit())
          .isEqualTo("maxStringLength");
      assertThat(limitFailure("metadata: {" + "k".repeat(100) + ": 1}",
          PolicyLimits.defaults().withMaxStringLength(50), true).limit())
          .isEqualTo("maxStringLength");
    }

    @Test
    void tooLongJsonStringsAreRejected() {
      assertThat(limitFailure("{\"description\": \"" + "x".repeat(1000) + "\"}",
          PolicyLimits.defaults().withMaxStringLength(100), false).limit())
          .isEqualTo("maxStringLength");
    }

    @Test
    void tooLongListsAreRejected() {
      PolicyLimitException e = limitFailure("allowed_actions: [a, b, c, d]",
          PolicyLimits.defaults().withMaxListEntries(3), true);

      assertThat(e.limit()).isEqualTo("maxListEntries");
      assertThat(e.location().column()).isEqualTo(28);
    }
  }
}
