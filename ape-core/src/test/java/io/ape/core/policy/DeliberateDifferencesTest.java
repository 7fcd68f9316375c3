package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ConditionFailure;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.PolicyValidationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The eight deliberate differences from the Python original (DESIGN §4). Each test builds the
 * situation in which the original failed open and shows that this engine fails closed.
 */
class DeliberateDifferencesTest {

  /**
   * 1. Upstream skipped a condition whose parameter was absent, so the rule matched. Here an
   * absent parameter fails an allow rule, and makes a deny or escalate rule apply.
   */
  @Nested
  class AbsentParameterIsNeverSkipped {
    private final PolicyEngine engine = TestPolicy.named("d1")
        .rule("small-writes", "write_file", Outcome.ALLOW,
            cond("path", "prefix", "/tmp/"), cond("size_bytes", "max", 1024))
        .engine();

    @Test
    void aMissingSizeNoLongerSkipsTheSizeLimit() {
      Decision d = engine.evaluate("write_file", Map.of("path", "/tmp/a"));
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
      assertThat(d.failedConditions()).containsExactly(new ConditionFailure("small-writes",
          "size_bytes", "max", "parameter 'size_bytes' is absent"));
    }

    @Test
    void aPresentNullIsNotAValue() {
      java.util.HashMap<String, Object> params = new java.util.HashMap<>();
      params.put("path", "/tmp/a");
      params.put("size_bytes", null);
      Decision d = engine.evaluate("write_file", params);
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.failedConditions()).singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("is null, not a number"));
    }

    @Test
    void aMissingParameterMakesADenyRuleApplyRatherThanSkipIt() {
      PolicyEngine guarded = TestPolicy.named("d1b")
          .rule("no-large", "write_file", Outcome.DENY, cond("size_bytes", "min", 1_000_000))
          .rule("rest", "write_file", Outcome.ALLOW).engine();
      Decision d = guarded.evaluate("write_file", Map.of("path", "/tmp/a"));
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.RULE);
      assertThat(d.matchedRule()).isEqualTo("no-large");
      assertThat(d.reason()).contains("parameter 'size_bytes' is absent, so deny rule 'no-large'"
          + " applies");
    }

    @Test
    void allParametersPresentAndValidAllow() {
      assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a", "size_bytes", 10)).outcome())
          .isEqualTo(Outcome.ALLOW);
    }
  }

  /** 2. Upstream skipped every rule when called without parameters. */
  @Nested
  class RulesAreEvaluatedWithoutParameters {
    @Test
    void anAllowedActionWithAConditionalRuleIsNotAllowedWithoutParameters() {
      PolicyEngine engine = TestPolicy.named("d2")
          .allow("write_file")
          .rule("tmp-only", "write_file", Outcome.ALLOW, cond("path", "path_within", "/tmp"))
          .engine();
      // Upstream: evaluate("write_file") skipped the rule and returned ALLOW from allowed_actions.
      Decision d = engine.evaluate("write_file");
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
      assertThat(d.reason()).contains("parameter 'path' is absent");
    }

    @Test
    void aDenyRuleOnAnAllowedActionAppliesWithoutParameters() {
      PolicyEngine engine = TestPolicy.named("d2c")
          .allow("read_file")
          .rule("never-etc", "read_file", Outcome.DENY, cond("path", "prefix", "/etc/"))
          .rule("anything-else", "read_file", Outcome.ALLOW)
          .engine();
      // Upstream: evaluate("read_file") skipped both rules: ALLOW from allowed_actions.
      Decision d = engine.evaluate("read_file");
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.matchedRule()).isEqualTo("never-etc");
    }

    @Test
    void anUnconditionalRuleStillDecidesWithoutParameters() {
      PolicyEngine engine = TestPolicy.named("d2b")
          .rule("always", "list_directory", Outcome.ALLOW).engine();
      assertThat(engine.evaluate("list_directory").outcome()).isEqualTo(Outcome.ALLOW);
    }
  }

  /**
   * 3. Deny rules decide only when each condition holds or cannot judge its parameter (absent,
   * or a value it cannot read); failed rules never fall through to allow.
   */
  @Nested
  class NoRuleMatchedIsADenial {
    private final PolicyEngine engine = TestPolicy.named("d3")
        .allow("write_file")
        .rule("no-etc", "write_file", Outcome.DENY, cond("path", "prefix", "/etc/"))
        .rule("tmp", "write_file", Outcome.ALLOW, cond("path", "prefix", "/tmp/"))
        .rule("home", "write_file", Outcome.ESCALATE, cond("path", "prefix", "/home/"))
        .engine();

    @Test
    void aDenyRuleWhoseConditionFailsLetsEvaluationContinue() {
      Decision d = engine.evaluate("write_file", Map.of("path", "/tmp/x"));
      assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(d.matchedRule()).isEqualTo("tmp");
    }

    @Test
    void aDenyRuleWhoseConditionsHoldDenies() {
      Decision d = engine.evaluate("write_file", Map.of("path", "/etc/passwd"));
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.RULE);
      assertThat(d.matchedRule()).isEqualTo("no-etc");
    }

    @Test
    void aFailedAllowRuleIsNotSentOnToAllowedActions() {
      // Upstream: the failed rule fell through to allowed_actions: ALLOW.
      Decision d = engine.evaluate("write_file", Map.of("path", "/var/www/index.html"));
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
      // Only the rules that could have allowed it are named: that the deny rule 'no-etc' did
      // not apply is not why the request was denied.
      assertThat(d.failedConditions()).extracting(ConditionFailure::ruleId)
          .containsExactly("tmp", "home");
      assertThat(d.reason())
          .startsWith("no rule for 'write_file' matched, so it is denied")
          .contains("rule 'tmp' prefix: parameter 'path': value '/var/www/index.html' does not"
              + " start with '/tmp/'")
          .contains("rule 'home' prefix");
    }

    @Test
    void aDenyRuleDecidesWhenTheParameterItInspectsIsAbsent() {
      Decision d = engine.evaluate("write_file", Map.of("content", "x"));
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.RULE);
      assertThat(d.matchedRule()).isEqualTo("no-etc");
    }

    @Test
    void escalateRulesMatchLikeAnyOther() {
      assertThat(engine.evaluate("write_file", Map.of("path", "/home/a")).outcome())
          .isEqualTo(Outcome.ESCALATE);
    }
  }

  /** 4. Upstream's pattern accepted a trailing newline ($ before \n) and did not check lists. */
  @Nested
  class MalformedActionIdsAreDenied {
    private final PolicyEngine engine = TestPolicy.named("d4")
        .defaultDecision(Outcome.ALLOW).allow("read_file").engine();

    @ParameterizedTest
    @ValueSource(strings = {"read_file\n", "read_file\r\n", " read_file", "read_file ", "read file",
        "read_file\t", "r\u0435ad_file", "read_fil\u0435", "\uff52ead_file", "read_file\u200b",
        "read_file\u0000", "", "1read_file", "-read", "read/file", "read_file;rm", "../read_file"})
    void evenUnderADefaultAllowPolicy(String id) {
      Decision d = engine.evaluate(id);
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.source()).isEqualTo(DecisionSource.INVALID_REQUEST);
      assertThat(d.reason()).startsWith("malformed action id '");
      assertThat(d.reason()).doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void tooLongIdsAreDenied() {
      assertThat(engine.evaluate("a".repeat(128)).outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(engine.evaluate("a".repeat(129)).source()).isEqualTo(DecisionSource.INVALID_REQUEST);
    }

    @Test
    void aNullIdOrRequestIsDenied() {
      assertThat(engine.evaluate((String) null).source()).isEqualTo(DecisionSource.INVALID_REQUEST);
      assertThat(engine.evaluate((io.ape.api.ActionRequest) null).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void aPolicyContainingAMalformedIdDoesNotLoad() {
      assertThatThrownBy(() -> TestPolicy.named("bad").allow("read_file\n", "ok").forbid("rm -rf")
          .rule("r", "wr\u0456te_file", Outcome.ALLOW).engine())
          .isInstanceOfSatisfying(PolicyValidationException.class,
              e -> assertThat(e.problems()).hasSize(3))
          .hasMessageContaining("invalid action id 'read_file\\u000a'")
          .hasMessageContaining("invalid action id 'rm -rf'")
          .hasMessageContaining("invalid action id 'wr\\u0456te_file'");
    }
  }

  /** 5. Upstream's prefix accepted /tmp/../etc/passwd and values with NUL bytes. */
  @Nested
  class StringConditionsAreHardened {
    private final PolicyEngine engine = TestPolicy.named("d5")
        .rule("tmp", "write_file", Outcome.ALLOW, cond("path", "prefix", List.of("/tmp/", "/home/")))
        .engine();

    @Test
    void dotDotTraversalPastAPrefixIsDenied() {
      assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/../etc/passwd")).outcome())
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void nulAndControlCharactersAreDenied() {
      assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a\u0000/../../etc/x")).outcome())
          .isEqualTo(Outcome.DENY);
      assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a\nb")).outcome())
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void nestedObjectsAndListsAreNotStrings() {
      assertThat(engine.evaluate("write_file", Map.of("path", Map.of("value", "/tmp/a"))).outcome())
          .isEqualTo(Outcome.DENY);
      assertThat(engine.evaluate("write_file", Map.of("path", List.of("/tmp/a"))).outcome())
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void theSamePathWithoutTricksIsAllowed() {
      assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a")).outcome())
          .isEqualTo(Outcome.ALLOW);
    }
  }

  /** 6. Upstream's external evaluators could only widen, and their errors fell through to the default. */
  @Nested
  class ExternalEvaluatorsOnlyNarrow {
    private PolicyEngine withEvaluator(io.ape.spi.PolicyEvaluator evaluator) {
      return PolicyEngine.builder().policy(TestPolicy.named("d6").defaultDecision(Outcome.ALLOW)
              .allow("read_file").forbid("delete_file").escalate("send_email").build())
          .providerLoader(io.ape.core.provider.Fixtures.providerLoader("none"))
          .evaluator("opa", evaluator).build();
    }

    @Test
    void anAllowVerdictNeverOverridesDenyOrEscalate() {
      AtomicInteger calls = new AtomicInteger();
      try (PolicyEngine engine = withEvaluator((r, p) -> {
        calls.incrementAndGet();
        return new EvaluatorVerdict(Outcome.ALLOW, "fine by me");
      })) {
        assertThat(engine.evaluate("delete_file").outcome()).isEqualTo(Outcome.DENY);
        assertThat(engine.evaluate("send_email").outcome()).isEqualTo(Outcome.ESCALATE);
        assertThat(calls).as("not even consulted for DENY and ESCALATE").hasValue(0);
        assertThat(engine.evaluate("read_file").source()).isEqualTo(DecisionSource.ALLOWED_LIST);
        assertThat(calls).hasValue(1);
      }
    }

    @Test
    void aDenyVerdictNarrowsAnAllow() {
      try (PolicyEngine engine = withEvaluator(
          (r, p) -> new EvaluatorVerdict(Outcome.DENY, "outside business hours"))) {
        Decision d = engine.evaluate("read_file");
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.source()).isEqualTo(DecisionSource.EXTERNAL_EVALUATOR);
        assertThat(d.reason()).startsWith("external evaluator 'opa' denied: outside business hours");
      }
    }

    @Test
    void anEscalateVerdictNarrowsAnAllow() {
      try (PolicyEngine engine = withEvaluator((r, p) -> new EvaluatorVerdict(Outcome.ESCALATE, ""))) {
        assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.ESCALATE);
      }
    }

    @Test
    void anErrorIsADenyNotTheDefault() {
      // Upstream: the exception was logged and evaluation fell through to the default (ALLOW here).
      try (PolicyEngine engine = withEvaluator((r, p) -> {
        throw new java.io.IOException("connection refused");
      })) {
        Decision d = engine.evaluate("unlisted_action");
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.source()).isEqualTo(DecisionSource.EXTERNAL_EVALUATOR);
        assertThat(d.reason()).contains("failed: java.io.IOException: connection refused")
            .contains("failing closed");
      }
    }

    @Test
    void aNullVerdictIsADeny() {
      try (PolicyEngine engine = withEvaluator((r, p) -> null)) {
        assertThat(engine.evaluate("read_file").reason()).contains("returned no verdict");
        assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.DENY);
      }
    }
  }

  /** 7. Upstream's default_deny: false allowed silently. */
  @Nested
  class DefaultAllowIsFlagged {
    private final PolicyEngine engine = TestPolicy.named("dev").defaultDecision(Outcome.ALLOW)
        .allow("read_file").engine();

    @Test
    void everyDefaultAllowSaysSo() {
      Decision d = engine.evaluate("run_shell_command");
      assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(d.isDefaultAllow()).isTrue();
      assertThat(d.source()).isEqualTo(DecisionSource.DEFAULT);
      assertThat(d.reason()).startsWith("default allow:");
      assertThat(engine.evaluate("read_file").isDefaultAllow()).isFalse();
    }

    @Test
    void theEngineWarnsAboutIt() {
      assertThat(engine.warnings()).extracting(p -> p.message())
          .anySatisfy(m -> assertThat(m).startsWith("default allow:"));
    }
  }

  /** 8. Upstream never enforced tool_transitions; the plan layer enforces them through this check. */
  @Nested
  class ToolTransitionsAreChecked {
    private final PolicyEngine engine = TestPolicy.named("t")
        .transition("read_file", "write_file", "copy_file")
        .transition("list_directory", "read_file").engine();

    @Test
    void aListedSuccessorIsAllowedAndAnUnlistedOneIsNot() {
      assertThat(engine.isTransitionAllowed("read_file", "write_file")).isTrue();
      assertThat(engine.isTransitionAllowed("read_file", "http_post")).isFalse();
      assertThat(engine.isTransitionAllowed("list_directory", "write_file")).isFalse();
    }

    @Test
    void toolsWithoutAnEntryAreUnconstrainedButMalformedIdsNeverPass() {
      assertThat(engine.isTransitionAllowed("http_get", "write_file")).isTrue();
      assertThat(engine.isTransitionAllowed("read_file\n", "write_file")).isFalse();
      assertThat(engine.isTransitionAllowed("read_file", "write_file\n")).isFalse();
      assertThat(engine.isTransitionAllowed(null, "write_file")).isFalse();
      assertThat(engine.isTransitionAllowed("http_get", null)).isFalse();
    }
  }
}
