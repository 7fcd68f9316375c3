package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.core.provider.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Untrusted data can never be a parameter of an action that needs trusted parameters. */
class ProvenanceTest {
  private static final Map<String, RiskLevel> RISK = Map.of(
      "read_file", RiskLevel.MINIMAL, "delete_file", RiskLevel.HIGH,
      "run_shell_command", RiskLevel.CRITICAL, "write_file", RiskLevel.MODERATE);

  private static PolicyEngine engine(TestPolicy policy) {
    return PolicyEngine.builder().policy(policy.build()).actionRisk(RISK::get)
        .providerLoader(Fixtures.providerLoader("none")).build();
  }

  private static Decision evaluate(PolicyEngine engine, String id, RequestContext context) {
    return engine.evaluate(ActionRequest.of(id, Map.of("path", "/tmp/a"), context));
  }

  @Test
  void aRuleThatRequiresTrustedParametersDeniesInjectedOnes() {
    PolicyEngine engine = engine(TestPolicy.named("p").rule("trusted-writes", "write_file",
        Outcome.ALLOW, ProvenanceRequirement.TRUSTED, cond("path", "prefix", "/tmp/")));
    Decision injected = evaluate(engine, "write_file", RequestContext.untrusted());
    assertThat(injected.outcome()).isEqualTo(Outcome.DENY);
    assertThat(injected.source()).isEqualTo(DecisionSource.RULE);
    assertThat(injected.matchedRule()).isEqualTo("trusted-writes");
    assertThat(injected.reason()).contains("only with trusted parameters (it says provenance:"
        + " trusted), but 'path' (EXTERNAL_UNTRUSTED) is not trusted");
    assertThat(evaluate(engine, "write_file", RequestContext.userTrusted()).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void highAndCriticalActionsNeedTrustedParametersByDefault() {
    PolicyEngine engine = engine(TestPolicy.named("p")
        .rule("del", "delete_file", Outcome.ALLOW, cond("path", "prefix", "/tmp/"))
        .rule("read", "read_file", Outcome.ALLOW, cond("path", "prefix", "/tmp/"))
        .allow("run_shell_command"));
    assertThat(evaluate(engine, "delete_file", RequestContext.untrusted()).reason())
        .contains("'delete_file' is a HIGH-risk action");
    assertThat(evaluate(engine, "delete_file", RequestContext.untrusted()).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(evaluate(engine, "delete_file", RequestContext.userTrusted()).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(evaluate(engine, "read_file", RequestContext.untrusted()).outcome())
        .isEqualTo(Outcome.ALLOW);
    Decision shell = evaluate(engine, "run_shell_command", RequestContext.untrusted());
    assertThat(shell.outcome()).isEqualTo(Outcome.DENY);
    assertThat(shell.source()).isEqualTo(DecisionSource.ALLOWED_LIST);
    assertThat(shell.reason()).contains("CRITICAL-risk action");
  }

  @Test
  void provenanceAnyOptsOut() {
    PolicyEngine engine = engine(TestPolicy.named("p").rule("del", "delete_file", Outcome.ALLOW,
        ProvenanceRequirement.ANY, cond("path", "prefix", "/tmp/")));
    assertThat(evaluate(engine, "delete_file", RequestContext.untrusted()).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aDefaultAllowIsRefusedForUntrustedParametersOfHighRiskActions() {
    PolicyEngine engine = engine(TestPolicy.named("dev").defaultDecision(Outcome.ALLOW));
    Decision d = evaluate(engine, "run_shell_command", RequestContext.untrusted());
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.reason()).startsWith("default allow refused");
    assertThat(evaluate(engine, "run_shell_command", RequestContext.userTrusted()).isDefaultAllow())
        .isTrue();
    assertThat(evaluate(engine, "unknown_action", RequestContext.untrusted()).outcome())
        .as("unknown risk: no provenance requirement").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void denyAndEscalateRulesIgnoreProvenance() {
    PolicyEngine engine = engine(TestPolicy.named("p")
        .rule("esc", "delete_file", Outcome.ESCALATE, ProvenanceRequirement.TRUSTED));
    assertThat(evaluate(engine, "delete_file", RequestContext.untrusted()).outcome())
        .isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void withoutARiskFunctionOnlyExplicitRequirementsApply() {
    PolicyEngine engine = TestPolicy.named("p").allow("delete_file").engine();
    assertThat(engine.evaluate("delete_file").outcome()).isEqualTo(Outcome.ALLOW);
  }
}
