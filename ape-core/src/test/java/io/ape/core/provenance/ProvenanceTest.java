package io.ape.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RiskLevel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Test
  void channelsAssignTheLabel() {
    assertThat(Channels.fromUser("x").provenance()).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(Channels.fromConfiguration("x").provenance()).isEqualTo(Provenance.SYSTEM_TRUSTED);
    assertThat(Channels.fromOutside("x").provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void nullIsUntrustedAndRequireTrustedRefusesIt() {
    assertThat(ProvenanceGuard.normalize(null)).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThatThrownBy(() -> ProvenanceGuard.requireTrusted((Provenance) null, "approve a plan"))
        .isInstanceOf(ProvenanceException.class).hasMessageContaining("cannot approve a plan");
    assertThatThrownBy(() -> ProvenanceGuard.requireTrusted((Labeled<String>) null, "x"))
        .isInstanceOf(ProvenanceException.class);
    assertThatThrownBy(() -> ProvenanceGuard.requireTrusted(Labeled.untrusted("x"), "x"))
        .isInstanceOf(ProvenanceException.class);
    assertThat(ProvenanceGuard.requireTrusted(Channels.fromUser("ok"), "x")).isEqualTo("ok");
    assertThat(ProvenanceGuard.leastTrusted(List.of())).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(ProvenanceGuard.leastTrusted(Arrays.asList(Channels.fromUser(1), null)))
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
  }

  @Property
  void combiningNeverRaisesTrust(@ForAll Provenance a, @ForAll Provenance b, @ForAll Provenance c) {
    Provenance least = ProvenanceGuard.leastTrusted(a, b, c);
    for (Provenance p : List.of(a, b, c)) {
      assertThat(least.ordinal()).isGreaterThanOrEqualTo(p.ordinal());
    }
    Labeled<String> combined = new Labeled<>("x", a).combine(new Labeled<>("y", b), String::concat)
        .map(String::toUpperCase);
    assertThat(combined.provenance()).isEqualTo(Provenance.leastTrusted(a, b));
    assertThat(ProvenanceGuard.leastTrusted(List.of(new Labeled<>(1, a), new Labeled<>(2, b))))
        .isEqualTo(Provenance.leastTrusted(a, b));
  }

  @Test
  void highCriticalAndUnknownRiskNeedTrustedParametersUnlessTheRuleSaysOtherwise() {
    RiskLookup risk = RiskLookup.of(Map.of("read", RiskLevel.MINIMAL, "write", RiskLevel.MODERATE,
        "delete", RiskLevel.HIGH, "deploy", RiskLevel.CRITICAL));
    ParameterTrustPolicy byRisk = ParameterTrustPolicy.byRisk(risk);
    assertThat(byRisk.requiresTrustedParameters("read")).isFalse();
    assertThat(byRisk.requiresTrustedParameters("write")).isFalse();
    assertThat(byRisk.requiresTrustedParameters("delete")).isTrue();
    assertThat(byRisk.requiresTrustedParameters("deploy")).isTrue();
    assertThat(byRisk.requiresTrustedParameters("unknown")).isTrue();
    assertThat(byRisk.violation("delete", Provenance.EXTERNAL_UNTRUSTED)).isPresent();
    assertThat(byRisk.violation("delete", Provenance.USER_TRUSTED)).isEmpty();
    assertThat(byRisk.violation("read", null)).isEmpty();
    ParameterTrustPolicy ruled = ParameterTrustPolicy.of(risk, id -> switch (id) {
      case "read" -> ProvenanceRequirement.TRUSTED;
      case "delete" -> ProvenanceRequirement.ANY;
      case "boom" -> throw new IllegalStateException();
      default -> ProvenanceRequirement.DEFAULT;
    });
    assertThat(ruled.requiresTrustedParameters("read")).isTrue();
    assertThat(ruled.requiresTrustedParameters("delete")).isFalse();
    assertThat(ruled.requiresTrustedParameters("boom")).isTrue();
    assertThat(ParameterTrustPolicy.byRisk(id -> {
      throw new IllegalStateException();
    }).requiresTrustedParameters("read")).isTrue();
    assertThat(ParameterTrustPolicy.byRisk(id -> null).requiresTrustedParameters("read")).isTrue();
    assertThat(ParameterTrustPolicy.strict().requiresTrustedParameters("read")).isTrue();
    assertThat(RiskLookup.unknown().riskOf("read")).isEqualTo(Optional.empty());
  }
}
