package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Outcome;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy is validated completely at load; every problem is reported with its location. */
class ValidationTest {
  @Test
  void anUnknownOperatorIsAnErrorWithFileLineAndColumn() {
    assertThatThrownBy(() -> TestPolicy.named("v")
        .rule("r", "read_file", Outcome.ALLOW, cond("path", "startswith", "/tmp/")).engine())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          PolicyProblem p = e.problems().get(0);
          assertThat(p.location()).isEqualTo(new SourceLocation(TestPolicy.SOURCE, 20, 9));
          assertThat(p.path()).isEqualTo("rules[0].conditions.path.startswith");
          assertThat(p.message()).startsWith("unknown operator 'startswith' for parameter 'path';"
              + " known operators: [prefix, suffix, allowlist, denylist, max, min, regex, equals,"
              + " path_within, domain_in, max_bytes, one_of, email_domain_in, count, each, any,"
              + " present, absent, provenance]");
        })
        .hasMessageStartingWith("test-policy.yaml:20:9 (rules[0].conditions.path.startswith)");
  }

  @Test
  void everyProblemIsCollectedBeforeFailing() {
    assertThatThrownBy(() -> TestPolicy.named("v")
        .allow("read_file").forbid("read_file")
        .rule("r", "read_file", Outcome.ALLOW, cond("path", "regex", "(unclosed"))
        .rule("r", "write_file", Outcome.ALLOW, cond("size", "max", "10"))
        .rule("s", "write_file", Outcome.ALLOW, cond("path", "path_within", "relative/dir"))
        .transition("read_file", "not valid")
        .engine())
        .isInstanceOfSatisfying(PolicyValidationException.class, e ->
            assertThat(e.problems()).extracting(PolicyProblem::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("'read_file' is in both forbidden_actions and allowed_actions"),
                m -> assertThat(m).startsWith("invalid regular expression '(unclosed'"),
                m -> assertThat(m).contains("duplicate rule id 'r'"),
                m -> assertThat(m).contains("max needs a finite number"),
                m -> assertThat(m).contains("is not an absolute path"),
                m -> assertThat(m).contains("invalid tool id 'not valid'")))
        .hasMessageStartingWith("6 problems:");
  }

  @Test
  void anEmptyParameterNameIsAnError() {
    assertThatThrownBy(() -> TestPolicy.named("v")
        .rule("r", "read_file", Outcome.ALLOW, cond("", "prefix", "/tmp/")).engine())
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("empty parameter name");
  }

  @Test
  void duplicatesWithinOneListAreOnlyAWarning() {
    PolicyEngine engine = TestPolicy.named("v").allow("read_file", "read_file").engine();
    assertThat(engine.warnings()).extracting(PolicyProblem::message)
        .containsExactly("'read_file' is listed twice in allowed_actions");
  }

  @Test
  void aRuleAfterAnUnconditionalRuleIsReportedUnreachable() {
    PolicyEngine engine = TestPolicy.named("v")
        .rule("all", "read_file", Outcome.ALLOW)
        .rule("never", "read_file", Outcome.DENY, cond("path", "prefix", "/etc/")).engine();
    assertThat(engine.warnings()).extracting(PolicyProblem::message)
        .anySatisfy(m -> assertThat(m).startsWith("rule 'never' is never reached"));
  }

  @Test
  void aCustomOperatorThatThrowsWhileCompilingIsALocatedProblem() {
    io.ape.spi.ConditionOperator broken = new io.ape.spi.ConditionOperator() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public CompiledCondition compile(io.ape.api.ConditionSpec spec) {
        throw new IllegalArgumentException("bad day");
      }
    };
    assertThatThrownBy(() -> PolicyEngine.builder().operator(broken)
        .providerLoader(io.ape.core.provider.Fixtures.providerLoader("none"))
        .policy(TestPolicy.named("v").rule("r", "read_file", Outcome.ALLOW,
            cond("path", "broken", List.of())).build()).build())
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("test-policy.yaml:20:9")
        .hasMessageContaining("failed to compile its argument: java.lang.IllegalArgumentException: bad day");
  }
}
