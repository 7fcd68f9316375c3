package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RiskLevel;
import io.ape.core.provenance.ParameterTrustPolicy;
import java.util.Optional;
import io.ape.api.RequestContext;
import io.ape.policy.yaml.PolicyParsers;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code provenance: untainted}: for agents whose user never speaks to APE (behind an MCP
 * gateway every argument is written by the model), a value the model wrote itself passes and a
 * value copied from a tool result or a document does not.
 */
class UntaintedProvenanceTest {
  static PolicyEngine engine(String yaml) {
    return PolicyEngine.of(PolicyParsers.yaml().parse(yaml.getBytes(StandardCharsets.UTF_8),
        "untainted.yaml", PolicyLimits.defaults()));
  }

  static final String WRITE_POLICY = """
      rules:
        - action: write_file
          decision: allow
          conditions:
            path: { path_within: /workspace, provenance: any }
            content: { provenance: untainted }
      """;

  static RequestContext labels(Map<String, Provenance> labels) {
    return RequestContext.untrusted().withParameterLabels(labels);
  }

  @Test
  void contentCopiedFromAPoisonedFileIsRefusedWhileTheModelsOwnContentIsAllowed() {
    PolicyEngine engine = engine(WRITE_POLICY);
    Map<String, Object> call = Map.of("path", "/workspace/notes.txt", "content", "hello");
    assertThat(engine.evaluate("write_file", call, labels(Map.of(
        "path", Provenance.EXTERNAL_UNTRUSTED, "content", Provenance.EXTERNAL_UNTRUSTED)))
        .outcome()).as("content copied from a tool result").isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("write_file", call, labels(Map.of(
        "path", Provenance.EXTERNAL_UNTRUSTED, "content", Provenance.MODEL_GENERATED)))
        .outcome()).as("the model's own content; the path may name a listed file")
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("write_file", call, labels(Map.of(
        "path", Provenance.MODEL_GENERATED, "content", Provenance.USER_TRUSTED)))
        .outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void theDenialSaysWhichParameterWasCopiedFromUntrustedData() {
    PolicyEngine engine = engine(WRITE_POLICY);
    String reason = engine.evaluate("write_file",
        Map.of("path", "/workspace/a", "content", "x"),
        labels(Map.of("content", Provenance.EXTERNAL_UNTRUSTED))).reason();
    assertThat(reason).contains("untainted").contains("'content' (EXTERNAL_UNTRUSTED)");
  }

  @Test
  void aRuleLevelUntaintedRequirementReadsEveryParametersLabel() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_email
            decision: allow
            provenance: untainted
            conditions:
              to: { email_domain_in: [acme.com] }
        """);
    Map<String, Object> mail = Map.of("to", "bob@acme.com", "body", "hi");
    assertThat(engine.evaluate("send_email", mail, labels(Map.of(
        "to", Provenance.MODEL_GENERATED, "body", Provenance.MODEL_GENERATED))).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("send_email", mail, labels(Map.of(
        "to", Provenance.MODEL_GENERATED, "body", Provenance.EXTERNAL_UNTRUSTED))).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("send_email", Map.of(), RequestContext.untrusted()).outcome())
        .as("no parameters and an untrusted default label").isEqualTo(Outcome.DENY);
  }

  @Test
  void aParameterCannotWeakenTheRulesOwnRequirement() {
    assertThatThrownBy(() -> engine("""
        rules:
          - action: send_email
            decision: allow
            provenance: trusted
            conditions:
              to: { provenance: untainted }
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("contradicts");
    assertThatThrownBy(() -> engine("""
        rules:
          - action: send_email
            decision: allow
            provenance: untainted
            conditions:
              to: { provenance: any }
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("contradicts");
  }

  @Test
  void untaintedOnAHighRiskActionStillRefusesCopiedValuesButAcceptsTheModelsOwn() {
    PolicyEngine engine = engine("""
        rules:
          - action: delete_file
            decision: allow
            conditions:
              path: { path_within: /workspace/tmp, provenance: untainted }
        """);
    Map<String, Object> call = Map.of("path", "/workspace/tmp/a");
    assertThat(engine.evaluate("delete_file", call,
        labels(Map.of("path", Provenance.MODEL_GENERATED))).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("delete_file", call,
        labels(Map.of("path", Provenance.EXTERNAL_UNTRUSTED))).outcome()).isEqualTo(Outcome.DENY);
  }

  /** For every labelling of the call, an ALLOW never carries a copied value where untainted. */
  @Test
  void theIssuanceAdapterRefusesOnlyCopiedDataUnderAnUntaintedRuleWhateverTheRisk() {
    ParameterTrustPolicy trust = ParameterTrustPolicy.of(id -> Optional.of(RiskLevel.CRITICAL),
        id -> ProvenanceRequirement.UNTAINTED);

    assertThat(trust.violation("write_file", Provenance.MODEL_GENERATED)).isEmpty();
    assertThat(trust.violation("write_file", Provenance.USER_TRUSTED)).isEmpty();
    assertThat(trust.violation("write_file", Provenance.EXTERNAL_UNTRUSTED)).get()
        .asString().contains("provenance: untainted");
    assertThat(trust.violation("write_file", null)).isPresent();
  }

  @Property(tries = 2000)
  void anAllowNeverCarriesACopiedValueInAnUntaintedParameter(
      @ForAll("labels") Provenance path, @ForAll("labels") Provenance content,
      @ForAll("labels") Provenance extra, @ForAll boolean withExtra) {
    PolicyEngine engine = engine(WRITE_POLICY);
    Map<String, Object> call = new HashMap<>(Map.of("path", "/workspace/a", "content", "x"));
    Map<String, Provenance> given = new HashMap<>(Map.of("path", path, "content", content));
    if (withExtra) {
      call.put("mode", "append");
      given.put("mode", extra);
    }
    Outcome outcome = engine.evaluate("write_file", call, labels(given)).outcome();
    if (content == Provenance.EXTERNAL_UNTRUSTED) {
      assertThat(outcome).isEqualTo(Outcome.DENY);
    } else {
      assertThat(outcome).isEqualTo(Outcome.ALLOW);
    }
  }

  @Provide
  Arbitrary<Provenance> labels() {
    return Arbitraries.of(List.of(Provenance.values()));
  }
}
