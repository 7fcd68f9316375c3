package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.core.internal.Glob;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void starMatchesAnyRunIncludingSlashesAndDots() {
    assertThat(Glob.compile("/data/*").matches("/data/a/b/c.txt")).isTrue();
    assertThat(Glob.compile("*.internal.corp").matches("a.b.internal.corp")).isTrue();
    assertThat(Glob.compile("*").matches("")).isTrue();
    assertThat(Glob.compile("a*b*c").matches("a/x.b..c")).isTrue();
    assertThat(Glob.compile("a*b*c").matches("abcx")).isFalse();
  }

  @Test
  void questionMarkMatchesExactlyOneCodePoint() {
    assertThat(Glob.compile("file?.txt").matches("file1.txt")).isTrue();
    assertThat(Glob.compile("file?.txt").matches("file.txt")).isFalse();
    assertThat(Glob.compile("file?.txt").matches("file12.txt")).isFalse();
    assertThat(Glob.compile("?").matches("\ud83d\ude00")).isTrue();
  }

  @Test
  void isAnchoredAndCaseSensitive() {
    assertThat(Glob.compile("*.txt").matches("a.TXT")).isFalse();
    assertThat(Glob.compile("report").matches("report.txt")).isFalse();
    assertThat(Glob.compile("a?c").matches("xabc")).isFalse();
  }

  @Test
  void everythingElseIsLiteral() {
    assertThat(Glob.compile("a.c").matches("abc")).isFalse();
    assertThat(Glob.compile("[ab]*").matches("a1")).isFalse();
    assertThat(Glob.compile("[ab]*").matches("[ab]1")).isTrue();
    assertThat(Glob.compile("a\\*?").matches("a\\")).isFalse();
    assertThat(Glob.compile("a\\*?").matches("a\\yz")).isTrue();
    assertThat(Glob.compile("(a|b)?$").matches("(a|b)x$")).isTrue();
  }

  @Test
  void allowlistNeedsAMatchAndDenylistNeedsNone() {
    CompiledCondition allow = compile("allowlist", List.of("api.github.com", "*.internal.corp"));
    CompiledCondition deny = compile("denylist", List.of("/etc/*", "*.pem"));
    assertThat(allow.test("api.github.com")).isTrue();
    assertThat(allow.test("git.internal.corp")).isTrue();
    assertThat(allow.test("API.GITHUB.COM")).isFalse();
    assertThat(allow.test("internal.corp")).isFalse();
    assertThat(deny.test("/srv/a.txt")).isTrue();
    assertThat(deny.test("/etc/shadow")).isFalse();
    assertThat(deny.test("/srv/key.pem")).isFalse();
    assertThat(deny.describeFailure("/etc/shadow")).isEqualTo(
        "value '/etc/shadow' matches the denylist ['/etc/*', '*.pem']");
  }

  @Test
  void dotDotSegmentsSatisfyNeitherList() {
    CompiledCondition allow = compile("allowlist", "/srv/*");
    CompiledCondition deny = compile("denylist", "/etc/*");
    assertThat(allow.test("/srv/../etc/passwd")).isFalse();
    assertThat(deny.test("/srv/../etc/passwd")).as("cannot show it is outside /etc").isFalse();
  }
}
