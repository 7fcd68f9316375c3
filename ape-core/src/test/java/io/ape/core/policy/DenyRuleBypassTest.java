package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deny (or escalate) rule is never bypassed by a value it cannot judge: when one of its
 * conditions refuses a value (wrong type, control characters, a {@code ..} segment, a malformed
 * number or URL) and none clearly fails, the rule applies. Otherwise the hardening that makes
 * allow rules fail would let the same value skip the deny rule and reach a later, more
 * forgiving allow rule.
 */
class DenyRuleBypassTest {

  @Test
  void aDotDotPathCannotSkipADenyGlobAndReachANormalisingAllowRule() {
    PolicyEngine engine = TestPolicy.named("vcs")
        .rule("no-vcs", "write_file", Outcome.DENY, cond("path", "allowlist", "*/.git/*"))
        .rule("workspace", "write_file", Outcome.ALLOW, cond("path", "path_within", "/workspace"))
        .engine();
    Decision d = engine.evaluate("write_file", Map.of("path", "/workspace/x/../.git/config"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.RULE);
    assertThat(d.matchedRule()).isEqualTo("no-vcs");
    assertThat(d.reason()).contains("it cannot judge allowlist parameter 'path'")
        .contains("'..' path segment");
    assertThat(d.failedConditions()).singleElement()
        .satisfies(f -> assertThat(f.operator()).isEqualTo("allowlist"));
    assertThat(engine.evaluate("write_file", Map.of("path", "/workspace/src/a.txt")).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aListCannotSkipADenyRuleAndReachAnUnconditionalAllow() {
    PolicyEngine engine = TestPolicy.named("urls")
        .rule("no-evil", "http_get", Outcome.DENY, cond("url", "allowlist", "*evil*"))
        .rule("rest", "http_get", Outcome.ALLOW).engine();
    assertThat(engine.evaluate("http_get", Map.of("url", List.of("https://evil.com"))).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("http_get", Map.of("url", Map.of("href", "https://evil.com")))
        .outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("http_get", Map.of("url", "https://good.org")).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aNumericStringCannotSkipANumericDenyRule() {
    PolicyEngine engine = TestPolicy.named("payments")
        .rule("large", "pay", Outcome.DENY, cond("amount", "min", 1000))
        .rule("small", "pay", Outcome.ALLOW).engine();
    assertThat(engine.evaluate("pay", Map.of("amount", "5000")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("pay", Map.of("amount", Double.NaN)).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("pay", Map.of("amount", 5000)).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("pay", Map.of("amount", 50)).outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aNulByteCannotSkipAPrefixDenyRule() {
    PolicyEngine engine = TestPolicy.named("etc")
        .rule("no-etc", "read_file", Outcome.DENY, cond("path", "prefix", "/etc/"))
        .rule("rest", "read_file", Outcome.ALLOW).engine();
    assertThat(engine.evaluate("read_file", Map.of("path", "/etc/shadow\u0000.txt")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/a")).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void anUnparsableHostCannotSkipADomainDenyRule() {
    PolicyEngine engine = TestPolicy.named("hosts")
        .rule("no-evil", "http_get", Outcome.DENY, cond("url", "domain_in", "evil.com"))
        .rule("https", "http_get", Outcome.ALLOW, cond("url", "regex", "^https://")).engine();
    assertThat(engine.evaluate("http_get", Map.of("url", "https://evil.com:99999/")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("http_get", Map.of("url", "https://evil_com/")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("http_get", Map.of("url", "https://good.org/")).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void anEscalateRuleAppliesToValuesItCannotJudge() {
    PolicyEngine engine = TestPolicy.named("esc")
        .rule("review-home", "write_file", Outcome.ESCALATE, cond("path", "prefix", "/home/"))
        .rule("rest", "write_file", Outcome.ALLOW).engine();
    assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/../home/a")).outcome())
        .isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void aConditionThatClearlyFailsStillKeepsTheDenyRuleFromApplying() {
    PolicyEngine engine = TestPolicy.named("both")
        .rule("no-vcs-writes", "open_file", Outcome.DENY,
            cond("path", "allowlist", "*/.git/*"), cond("mode", "equals", "w"))
        .rule("rest", "open_file", Outcome.ALLOW).engine();
    assertThat(engine.evaluate("open_file", Map.of("path", "/a/../.git/x", "mode", "r")).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("open_file", Map.of("path", "/a/../.git/x", "mode", "w")).outcome())
        .isEqualTo(Outcome.DENY);
  }

  @Test
  void allowRulesStillFailOnValuesTheyCannotJudge() {
    PolicyEngine engine = TestPolicy.named("allow")
        .rule("tmp", "write_file", Outcome.ALLOW, cond("path", "prefix", "/tmp/")).engine();
    Decision d = engine.evaluate("write_file", Map.of("path", "/tmp/../etc/x"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
  }

  @Test
  void explainShowsTheRefusalAndAgreesWithEvaluate() {
    PolicyEngine engine = TestPolicy.named("vcs")
        .rule("no-vcs", "write_file", Outcome.DENY, cond("path", "allowlist", "*/.git/*"))
        .rule("rest", "write_file", Outcome.ALLOW).engine();
    Map<String, Object> params = Map.of("path", "/w/../.git/HEAD");
    Explanation e = engine.explain("write_file", params);
    assertThat(e.decision()).isEqualTo(engine.evaluate("write_file", params));
    assertThat(e.rules()).singleElement().satisfies(r -> {
      assertThat(r.matched()).isTrue();
      assertThat(r.conditions()).singleElement().satisfies(c -> {
        assertThat(c.holds()).isFalse();
        assertThat(c.detail()).startsWith("cannot judge the value");
      });
    });
  }
}
