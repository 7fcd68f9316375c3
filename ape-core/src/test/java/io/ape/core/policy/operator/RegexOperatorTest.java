package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexOperatorTest {
  @Test
  void searchesUnanchoredLikePythonsReSearch() {
    CompiledCondition c = compile("regex", "select");
    assertThat(c.test("SELECT 1; select 2")).isTrue();
    assertThat(c.test("SELECT 1")).isFalse();
    CompiledCondition anchored = compile("regex", "^[a-z_]+\\.txt$");
    assertThat(anchored.test("notes.txt")).isTrue();
    assertThat(anchored.test("x/notes.txt")).isFalse();
  }

  @Test
  void dollarDoesNotMatchBeforeATrailingNewline() {
    CompiledCondition c = compile("regex", "^[a-z]+$");
    assertThat(c.test("abc")).isTrue();
    assertThat(c.test("abc\n")).as("Python's $ would match here; RE2's does not").isFalse();
  }

  @Test
  void acceptsMultiLineTextButNotNul() {
    CompiledCondition c = compile("regex", "(?i)^select\\b");
    assertThat(c.test("select *\nfrom t\twhere 1")).isTrue();
    assertThat(c.test("select *\u0000; drop table t")).isFalse();
    assertThat(c.describeFailure("select \u0000")).contains("U+0000");
  }

  @Test
  void aListMatchesIfAnyPatternMatches() {
    CompiledCondition c = compile("regex", List.of("^a", "b$"));
    assertThat(c.test("axx")).isTrue();
    assertThat(c.test("xxb")).isTrue();
    assertThat(c.test("xbx")).isFalse();
  }

  @Test
  void catastrophicPatternsRunInLinearTime() {
    CompiledCondition c = compile("regex", "^(a+)+$");
    String attack = "a".repeat(100_000) + "!";
    assertThat(c.test(attack)).isFalse();
  }

  @Test
  void anInvalidRegexIsAPolicyErrorAtItsLocation() {
    assertThatThrownBy(() -> compile("regex", "(unclosed"))
        .isInstanceOfSatisfying(PolicyValidationException.class, e ->
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.location().line()).isEqualTo(12);
              assertThat(p.location().column()).isEqualTo(9);
              assertThat(p.message()).startsWith("invalid regular expression '(unclosed'");
            }));
    assertThatThrownBy(() -> compile("regex", "(a)\\1"))
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("backreferences");
    assertThatThrownBy(() -> compile("regex", "(?=a)"))
        .isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> compile("regex", "")).isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> compile("regex", 3)).isInstanceOf(PolicyValidationException.class);
  }
}
