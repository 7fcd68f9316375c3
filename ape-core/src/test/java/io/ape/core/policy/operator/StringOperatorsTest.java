package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringOperatorsTest {

  @Nested
  class Prefix {
    private final CompiledCondition tmp = compile("prefix", "/tmp/");

    @Test
    void matchesAValueStartingWithThePrefix() {
      assertThat(tmp.test("/tmp/report.txt")).isTrue();
      assertThat(tmp.test("/tmp/")).isTrue();
    }

    @Test
    void isExactAndCaseSensitive() {
      assertThat(tmp.test("/TMP/report.txt")).isFalse();
      assertThat(tmp.test("/tmp")).isFalse();
      assertThat(tmp.test(" /tmp/x")).isFalse();
    }

    @Test
    void acceptsAListOfPrefixes() {
      CompiledCondition c = compile("prefix", List.of("/tmp/", "/home/"));
      assertThat(c.test("/home/ann/a")).isTrue();
      assertThat(c.test("/tmp/a")).isTrue();
      assertThat(c.test("/etc/passwd")).isFalse();
      assertThat(c.describeFailure("/etc/passwd"))
          .isEqualTo("value '/etc/passwd' does not start with any of ['/tmp/', '/home/']");
    }

    @Test
    void dotDotTraversalPastThePrefixFails() {
      assertThat(tmp.test("/tmp/../etc/passwd")).isFalse();
      assertThat(tmp.test("/tmp/a/..")).isFalse();
      assertThat(tmp.test("/tmp/..\\etc\\passwd")).isFalse();
      assertThat(tmp.describeFailure("/tmp/../etc/passwd")).contains("'..' path segment");
      assertThat(tmp.test("/tmp/..hidden/x")).as("'..hidden' is a name, not a segment").isTrue();
      assertThat(tmp.test("/tmp/a..b")).isTrue();
    }

    @Test
    void nulByteTruncationFails() {
      assertThat(tmp.test("/tmp/x\u0000/../../etc/passwd")).isFalse();
      assertThat(tmp.test("/tmp/ok.txt\u0000.sh")).isFalse();
      assertThat(tmp.describeFailure("/tmp/ok\u0000")).contains("U+0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/a\nb", "/tmp/a\rb", "/tmp/a\tb", "/tmp/a\u007fb", "/tmp/a\u0085b",
        "/tmp/a\u202eb", "/tmp/a\u200bb", "/tmp/a\u2028b", "/tmp/a\ud800b"})
    void controlAndInvisibleCharactersFail(String value) {
      assertThat(tmp.test(value)).isFalse();
    }

    @Test
    void nonStringValuesFailWithTheirType() {
      assertThat(tmp.test(42)).isFalse();
      assertThat(tmp.test(null)).isFalse();
      assertThat(tmp.test(Map.of("path", "/tmp/a"))).isFalse();
      assertThat(tmp.test(List.of("/tmp/a"))).isFalse();
      assertThat(tmp.describeFailure(Map.of("path", "/tmp/a"))).isEqualTo(
          "value an object is an object, not a string");
    }

    @Test
    void badArgumentsAreLocatedPolicyErrors() {
      assertThatThrownBy(() -> compile("prefix", List.of()))
          .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.location()).isEqualTo(Conditions.LOCATION);
              assertThat(p.path()).isEqualTo("conditions.p.prefix");
            });
          })
          .hasMessageContaining("policy.yaml:12:9");
      assertThatThrownBy(() -> compile("prefix", 5)).isInstanceOf(PolicyValidationException.class)
          .hasMessageContaining("prefix needs a prefix or a list of them, got a number 5");
      assertThatThrownBy(() -> compile("prefix", "")).isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("prefix", List.of("/tmp/", 3)))
          .isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("prefix", "/tmp/\u0000"))
          .isInstanceOf(PolicyValidationException.class);
    }
  }

  @Nested
  class Suffix {
    @Test
    void matchesExactSuffixes() {
      CompiledCondition c = compile("suffix", List.of(".txt", ".md"));
      assertThat(c.test("notes.md")).isTrue();
      assertThat(c.test("notes.TXT")).isFalse();
      assertThat(c.test("evil.sh\u0000.txt")).isFalse();
      assertThat(c.describeFailure("a.sh")).isEqualTo("value 'a.sh' does not end with any of ['.txt', '.md']");
    }
  }

  @Nested
  class Equals {
    @Test
    void stringsCompareExactly() {
      CompiledCondition c = compile("equals", "main");
      assertThat(c.test("main")).isTrue();
      assertThat(c.test("Main")).isFalse();
      assertThat(c.test("main\n")).isFalse();
      assertThat(c.test("main\u200b")).isFalse();
    }

    @Test
    void numbersCompareByValueNeverWithStrings() {
      CompiledCondition c = compile("equals", 5);
      assertThat(c.test(5)).isTrue();
      assertThat(c.test(5L)).isTrue();
      assertThat(c.test(5.0)).isTrue();
      assertThat(c.test(new java.math.BigDecimal("5.00"))).isTrue();
      assertThat(c.test("5")).isFalse();
      assertThat(c.test(Double.NaN)).isFalse();
      assertThat(c.describeFailure("5")).isEqualTo(
          "value '5' does not equal 5 (expected a number, got a string)");
    }

    @Test
    void booleansCompareWithBooleansOnly() {
      CompiledCondition c = compile("equals", true);
      assertThat(c.test(true)).isTrue();
      assertThat(c.test("true")).isFalse();
      assertThat(c.test(1)).isFalse();
    }

    @Test
    void anArgumentMustBeAScalar() {
      assertThatThrownBy(() -> compile("equals", List.of("a")))
          .isInstanceOf(PolicyValidationException.class).hasMessageContaining("use");
    }
  }

  @Nested
  class OneOf {
    @Test
    void isATypedSetMembership() {
      CompiledCondition c = compile("one_of", List.of("json", "yaml", 1, false));
      assertThat(c.test("yaml")).isTrue();
      assertThat(c.test(1.0)).isTrue();
      assertThat(c.test(false)).isTrue();
      assertThat(c.test("1")).isFalse();
      assertThat(c.test("YAML")).isFalse();
      assertThat(c.test(List.of("yaml"))).isFalse();
      assertThat(c.describeFailure("toml")).isEqualTo(
          "value 'toml' is not one of ['json', 'yaml', 1, false]");
    }

    @Test
    void needsANonEmptyList() {
      assertThatThrownBy(() -> compile("one_of", "json")).isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("one_of", List.of())).isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("one_of", List.of(Map.of("a", 1))))
          .isInstanceOf(PolicyValidationException.class);
    }
  }

  @Nested
  class MaxBytes {
    @Test
    void countsUtf8Bytes() {
      CompiledCondition c = compile("max_bytes", 4);
      assertThat(c.test("abcd")).isTrue();
      assertThat(c.test("abcde")).isFalse();
      assertThat(c.test("\u00e9\u00e9")).as("2 x 2 bytes").isTrue();
      assertThat(c.test("\u20ac\u20ac")).as("2 x 3 bytes").isFalse();
      assertThat(c.test("\ud83d\ude00")).as("one 4-byte code point").isTrue();
      assertThat(c.test("a\ud83d\ude00")).isFalse();
      assertThat(c.describeFailure("\u20ac\u20ac")).isEqualTo(
          "value is 6 bytes in UTF-8, more than the maximum of 4");
    }

    @Test
    void acceptsMultiLineContentButNotBrokenUnicode() {
      CompiledCondition c = compile("max_bytes", 100);
      assertThat(c.test("line 1\nline 2\n")).isTrue();
      assertThat(c.test("a\ud800")).isFalse();
      assertThat(c.test("\udc00a")).isFalse();
      assertThat(c.test(12)).isFalse();
    }

    @Test
    void needsANonNegativeWholeNumber() {
      assertThatThrownBy(() -> compile("max_bytes", -1)).isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("max_bytes", 1.5)).isInstanceOf(PolicyValidationException.class);
      assertThatThrownBy(() -> compile("max_bytes", "10")).isInstanceOf(PolicyValidationException.class);
      assertThat(compile("max_bytes", 0).test("")).isTrue();
    }
  }
}
