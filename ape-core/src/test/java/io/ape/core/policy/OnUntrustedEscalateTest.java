package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyRule;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.api.SourceLocation;
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
 * {@code on_untrusted: escalate}: an {@code allow} rule whose provenance requirement is not met
 * asks a human instead of denying ("pay an IBAN read from a document only with a human's
 * confirmation"). It never turns untrusted parameters into an ALLOW, and a rule whose conditions
 * do not hold is not touched by it.
 */
class OnUntrustedEscalateTest {
  static final String PAYMENTS = """
      rules:
        - id: pay-confirmed-payees
          action: send_money
          decision: allow
          on_untrusted: escalate
          conditions:
            recipient: { provenance: trusted }
            amount: { provenance: any, max: 1000 }
      """;

  static PolicyEngine engine(String yaml) {
    return PolicyEngine.of(PolicyParsers.yaml().parse(yaml.getBytes(StandardCharsets.UTF_8),
        "payments.yaml", PolicyLimits.defaults()));
  }

  static RequestContext labels(Map<String, Provenance> labels) {
    return RequestContext.untrusted().withParameterLabels(labels);
  }

  static final Map<String, Object> PAYMENT = Map.of("recipient", "DE89370400440532013000",
      "amount", 120);

  @Test
  void aPayeeReadFromADocumentGoesToAHumanWhileTheUsersOwnPayeeIsAllowed() {
    PolicyEngine engine = engine(PAYMENTS);
    assertThat(engine.evaluate("send_money", PAYMENT, labels(Map.of(
        "recipient", Provenance.USER_TRUSTED, "amount", Provenance.EXTERNAL_UNTRUSTED)))
        .outcome()).isEqualTo(Outcome.ALLOW);
    var escalated = engine.evaluate("send_money", PAYMENT, labels(Map.of(
        "recipient", Provenance.EXTERNAL_UNTRUSTED, "amount", Provenance.USER_TRUSTED)));
    assertThat(escalated.outcome()).isEqualTo(Outcome.ESCALATE);
    assertThat(escalated.matchedRule()).isEqualTo("pay-confirmed-payees");
    assertThat(escalated.reason()).contains("'recipient' (EXTERNAL_UNTRUSTED)")
        .contains("on_untrusted: escalate");
  }

  @Test
  void itDoesNotApplyWhenTheConditionsFail() {
    PolicyEngine engine = engine(PAYMENTS);
    Map<String, Object> large = Map.of("recipient", "DE89370400440532013000", "amount", 5000);
    assertThat(engine.evaluate("send_money", large, labels(Map.of(
        "recipient", Provenance.EXTERNAL_UNTRUSTED))).outcome())
        .as("a payment the rule does not cover is not escalated by it").isEqualTo(Outcome.DENY);
  }

  @Test
  void withoutTheKeyAnUntrustedParameterIsStillDenied() {
    PolicyEngine engine = engine(PAYMENTS.replace("    on_untrusted: escalate\n", ""));
    assertThat(engine.evaluate("send_money", PAYMENT, labels(Map.of(
        "recipient", Provenance.EXTERNAL_UNTRUSTED))).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.policy().rules().get(0).onUntrusted()).isEqualTo(Outcome.DENY);
  }

  @Test
  void itAppliesToARuleLevelRequirementAndToUntaintedToo() {
    PolicyEngine engine = engine("""
        rules:
          - action: write_file
            decision: allow
            provenance: untainted
            on_untrusted: escalate
        """);
    Map<String, Object> write = Map.of("path", "/w/a", "content", "x");
    assertThat(engine.evaluate("write_file", write, labels(Map.of(
        "path", Provenance.MODEL_GENERATED, "content", Provenance.MODEL_GENERATED))).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("write_file", write, labels(Map.of(
        "path", Provenance.MODEL_GENERATED, "content", Provenance.EXTERNAL_UNTRUSTED))).outcome())
        .isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void onlyAllowRulesTakeItAndOnlyDenyOrEscalate() {
    assertThatThrownBy(() -> engine("""
        rules:
          - action: send_money
            decision: deny
            on_untrusted: escalate
        """)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("on_untrusted applies to allow rules only");
    assertThatThrownBy(() -> engine("""
        rules:
          - action: send_money
            decision: allow
            on_untrusted: allow
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("on_untrusted");
    assertThatThrownBy(() -> new PolicyRule("r", "send_money", Outcome.ALLOW, List.of(),
        ProvenanceRequirement.TRUSTED, "", new SourceLocation("x", 1, 1), null, Outcome.ALLOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** For every labelling: ALLOW only if the recipient is trusted; never ALLOW otherwise. */
  @Property(tries = 2000)
  void untrustedParametersAreNeverAllowedOnlyAskedAbout(
      @ForAll("labels") Provenance recipient, @ForAll("labels") Provenance amount,
      @ForAll("labels") Provenance extra, @ForAll boolean withRecipient,
      @ForAll boolean withExtra) {
    PolicyEngine engine = engine(PAYMENTS);
    Map<String, Object> call = new HashMap<>(Map.of("amount", 10));
    Map<String, Provenance> given = new HashMap<>(Map.of("amount", amount));
    if (withRecipient) {
      call.put("recipient", "DE89370400440532013000");
      given.put("recipient", recipient);
    }
    if (withExtra) {
      call.put("memo", "rent");
      given.put("memo", extra);
    }
    Outcome outcome = engine.evaluate("send_money", call, labels(given)).outcome();
    boolean trustedPayee = !withRecipient || recipient.isTrusted();
    if (trustedPayee) {
      assertThat(outcome).isEqualTo(Outcome.ALLOW);
    } else {
      assertThat(outcome).isEqualTo(Outcome.ESCALATE);
    }
  }

  @Provide
  Arbitrary<Provenance> labels() {
    return Arbitraries.of(List.of(Provenance.values()));
  }
}
