package io.ape.core.plan;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanException;
import io.ape.api.PlanValidationException;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RuntimeStateException;
import io.ape.api.TenantMismatchException;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.runtime.RuntimeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanManagerTest {
  private final Fixture f = new Fixture();
  private final Run r = f.run();

  private void intentSet(Intent intent) {
    r.intents.set(intent, Provenance.USER_TRUSTED);
    r.runtime.transition(RuntimeState.INTENT_SET);
  }

  @Test
  void submitHashesCanonicallyAndApproveBindsToTheCurrentIntent() {
    intentSet(Intent.of(List.of("read_file"), "execution"));
    String hash = r.plans.submit(Plan.of(List.of(step("read_file", Map.of("path", "config.json")))),
        Provenance.USER_TRUSTED);
    assertThat(hash).isEqualTo("5943a5ebb2c99478092d9a3aa256daf4efe316d6fad40bc76dfa3186e681962e");
    ApprovedPlan ap = r.plans.approve(Provenance.USER_TRUSTED);
    assertThat(ap.intentVersion()).isEqualTo(r.intents.version().orElseThrow());
    assertThat(ap.parametersHash(0)).hasSize(64);
    assertThat(ap.parameterProvenance(0)).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(r.plans.approve(Provenance.USER_TRUSTED)).isSameAs(ap);
    assertThat(f.events(AuditEventType.PLAN_APPROVED)).hasSize(1);
  }

  @Test
  void stepsOutsideTheIntentAreListedAndTheApprovalRefused() {
    intentSet(new Intent("default", List.of("read_file"), List.of("delete_file"), List.of(), "x", "", Map.of()));
    r.plans.submit(r.plan(step("read_file", Map.of()), step("delete_file", Map.of()),
        step("send_email", Map.of())), Provenance.USER_TRUSTED);
    assertThatThrownBy(() -> r.plans.approve(Provenance.USER_TRUSTED))
        .isInstanceOf(PlanValidationException.class)
        .satisfies(e -> assertThat(((PlanValidationException) e).errors()).containsExactly(
            "step 1: action 'delete_file' is forbidden by the intent",
            "step 2: action 'send_email' is not in the intent"));
    assertThat(r.plans.isApproved()).isFalse();
    assertThat(f.events(AuditEventType.PLAN_REJECTED)).hasSize(1);
  }

  @Test
  void escalationRequiredActionsAreInsideTheIntent() {
    intentSet(new Intent("default", List.of(), List.of(), List.of("deploy"), "x", "", Map.of()));
    r.plans.submit(r.plan(step("deploy", Map.of())), Provenance.USER_TRUSTED);
    assertThat(r.plans.approve(Provenance.USER_TRUSTED).size()).isEqualTo(1);
  }

  @Test
  void approvalOnlyInIntentSetAndWithSubmittedPlanAndIntent() {
    assertThatThrownBy(() -> r.plans.approve(Provenance.USER_TRUSTED)).isInstanceOf(RuntimeStateException.class);
    intentSet(Intent.of(List.of("read_file"), "x"));
    assertThatThrownBy(() -> r.plans.approve(Provenance.USER_TRUSTED)).isInstanceOf(PlanException.class)
        .hasMessageContaining("no plan submitted");
    assertThatThrownBy(() -> r.plans.submit(null, Provenance.USER_TRUSTED)).isInstanceOf(PlanException.class);
  }

  @Test
  void untrustedSubmissionsAndApprovalsAreRefused() {
    intentSet(Intent.of(List.of("read_file"), "x"));
    Plan p = r.plan(step("read_file", Map.of()));
    assertThatThrownBy(() -> r.plans.submit(p, Provenance.EXTERNAL_UNTRUSTED)).isInstanceOf(ProvenanceException.class);
    assertThatThrownBy(() -> r.plans.submit(p, null)).isInstanceOf(ProvenanceException.class);
    assertThat(r.plans.isSubmitted()).isFalse();
    r.plans.submit(p, Provenance.USER_TRUSTED);
    assertThatThrownBy(() -> r.plans.approve(Provenance.EXTERNAL_UNTRUSTED)).isInstanceOf(ProvenanceException.class);
    assertThat(r.plans.isApproved()).isFalse();
  }

  @Test
  void plansAreTenantBound() {
    intentSet(Intent.of(List.of("read_file"), "x"));
    Plan foreign = new Plan("other", List.of(step("read_file", Map.of())), "", Map.of());
    assertThatThrownBy(() -> r.plans.submit(foreign, Provenance.USER_TRUSTED)).isInstanceOf(TenantMismatchException.class);
  }

  @Test
  void resubmittingOrChangingTheIntentWithdrawsTheApproval() {
    List<String> changes = new ArrayList<>();
    r.plans.addChangeListener((o, n, approved) -> changes.add(approved + ":" + (o.equals(n) ? "same" : "new")));
    intentSet(Intent.of(List.of("read_file"), "x"));
    r.plans.submit(r.plan(step("read_file", Map.of("path", "a"))), Provenance.USER_TRUSTED);
    r.plans.approve(Provenance.USER_TRUSTED);
    r.plans.submit(r.plan(step("read_file", Map.of("path", "a"))), Provenance.USER_TRUSTED); // same: no change
    assertThat(r.plans.isApproved()).isTrue();
    r.plans.submit(r.plan(step("read_file", Map.of("path", "b"))), Provenance.USER_TRUSTED);
    assertThat(r.plans.isApproved()).isFalse();
    r.plans.approve(Provenance.USER_TRUSTED);
    r.intents.set(Intent.of(List.of("read_file", "write_file"), "x"), Provenance.USER_TRUSTED);
    assertThat(r.plans.isApproved()).isFalse();
    assertThat(changes).containsExactly("true:new", "true:same");
    assertThatThrownBy(() -> r.runtime.transition(RuntimeState.PLAN_APPROVED)).isInstanceOf(RuntimeStateException.class);
  }

  @Test
  void stepParameterProvenanceIsNeverMoreTrustedThanTheChannel() {
    intentSet(Intent.of(List.of("read_file"), "x"));
    r.plans.submit(r.plan(step("read_file", Map.of()), step("read_file", Map.of("p", 1)),
            step("read_file", Map.of("p", 2))), Provenance.USER_TRUSTED,
        Arrays.asList(Provenance.SYSTEM_TRUSTED, null, Provenance.EXTERNAL_UNTRUSTED));
    ApprovedPlan ap = r.plans.approve(Provenance.USER_TRUSTED);
    assertThat(ap.parameterProvenance()).containsExactly(Provenance.USER_TRUSTED,
        Provenance.EXTERNAL_UNTRUSTED, Provenance.EXTERNAL_UNTRUSTED);
    assertThatThrownBy(() -> r.plans.submit(r.plan(step("read_file", Map.of())), Provenance.USER_TRUSTED,
        List.of())).isInstanceOf(PlanException.class).hasMessageContaining("0 entries");
  }

  @Test
  void anEmptyPlanIsValidAndExecutesNothing() {
    intentSet(Intent.of(List.of("read_file"), "x"));
    r.plans.submit(r.plan(), Provenance.USER_TRUSTED);
    assertThat(r.plans.approve(Provenance.USER_TRUSTED).size()).isZero();
  }

  @Test
  void aDecisionPointThatFailsOnTransitionsDeniesThem() {
    io.ape.api.PolicyDecisionPoint broken = new io.ape.api.PolicyDecisionPoint() {
      @Override
      public io.ape.api.Decision evaluate(io.ape.api.ActionRequest request) {
        throw new IllegalStateException("broken");
      }

      @Override
      public String policyVersion() {
        return "";
      }

      @Override
      public boolean isTransitionAllowed(String a, String b) {
        throw new IllegalStateException("broken");
      }
    };
    assertThat(PlanManager.transitionAllowed(broken, "a", "b")).isFalse();
  }
}
