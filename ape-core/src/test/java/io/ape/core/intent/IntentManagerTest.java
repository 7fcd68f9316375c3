package io.ape.core.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.Intent;
import io.ape.api.IntentException;
import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RuntimeStateException;
import io.ape.api.TenantMismatchException;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentManagerTest {
  private final Fixture f = new Fixture();
  private final RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().audit(f.audit).build();
  private final IntentManager intents = new IntentManager(runtime);

  @Test
  void setReturnsThePythonCompatibleVersionAndAudits() {
    String v = intents.set(Intent.of(List.of("read_file"), "execution"), Provenance.USER_TRUSTED);
    assertThat(v).isEqualTo("835e4a9a647dd0b17914aeb2f427fdcb66efd716e1f7ce03edc9f6cbf86829d1");
    assertThat(intents.version()).contains(v);
    assertThat(intents.isSet()).isTrue();
    assertThat(intents.snapshot().orElseThrow().provenance()).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(f.events(AuditEventType.INTENT_SET)).singleElement()
        .satisfies(e -> assertThat(e.intentVersion()).isEqualTo(v));
  }

  @Test
  void onlyTrustedChannelsMaySetAnIntent() {
    Intent intent = Intent.of(List.of("read_file"), "x");
    assertThatThrownBy(() -> intents.set(intent, Provenance.EXTERNAL_UNTRUSTED)).isInstanceOf(ProvenanceException.class);
    assertThatThrownBy(() -> intents.set(intent, null)).isInstanceOf(ProvenanceException.class)
        .hasMessageContaining("EXTERNAL_UNTRUSTED");
    assertThatThrownBy(() -> intents.set(Labeled.untrusted(intent))).isInstanceOf(ProvenanceException.class);
    assertThatThrownBy(() -> intents.set((Labeled<Intent>) null)).isInstanceOf(ProvenanceException.class);
    assertThat(intents.isSet()).isFalse();
    assertThat(f.events(AuditEventType.ATTEMPT_REJECTED)).hasSize(4);
    intents.set(new Labeled<>(intent, Provenance.SYSTEM_TRUSTED));
    assertThat(intents.isSet()).isTrue();
  }

  @Test
  void nullIntentAndOtherTenantsIntentAreRefused() {
    assertThatThrownBy(() -> intents.set(null, Provenance.USER_TRUSTED)).isInstanceOf(IntentException.class);
    Intent foreign = new Intent("other", List.of("read_file"), List.of(), List.of(), "x", "", Map.of());
    assertThatThrownBy(() -> intents.set(foreign, Provenance.USER_TRUSTED))
        .isInstanceOf(TenantMismatchException.class).hasMessageContaining("tenant 'other'");
  }

  @Test
  void changingTheIntentNotifiesListenersAndIsAuditedAsAChange() {
    List<String> changes = new ArrayList<>();
    intents.addChangeListener((o, n) -> changes.add(o + ">" + n));
    String v1 = intents.set(Intent.of(List.of("read_file"), "a"), Provenance.USER_TRUSTED);
    intents.set(Intent.of(List.of("read_file"), "a"), Provenance.USER_TRUSTED); // unchanged
    String v2 = intents.set(Intent.of(List.of("read_file", "write_file"), "a"), Provenance.USER_TRUSTED);
    assertThat(changes).containsExactly(v1 + ">" + v2);
    assertThat(f.events(AuditEventType.INTENT_CHANGED)).hasSize(1);
    assertThat(intents.clear()).isTrue();
    assertThat(intents.clear()).isFalse();
    assertThat(changes).containsExactly(v1 + ">" + v2, v2 + ">null");
  }

  @Test
  void intentsAreImmutableCopies() {
    List<String> allowed = new ArrayList<>(List.of("read_file"));
    Intent intent = new Intent("default", allowed, List.of(), List.of(), "x", "", Map.of());
    String v = intents.set(intent, Provenance.USER_TRUSTED);
    allowed.add("delete_file");
    assertThat(intents.current().orElseThrow().allowedActions()).containsExactly("read_file");
    assertThat(intents.version()).contains(v);
    assertThatThrownBy(() -> intents.current().orElseThrow().allowedActions().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noIntentAfterTerminationAndNoIntentSetStateWithoutAnIntent() {
    assertThatThrownBy(() -> runtime.transition(RuntimeState.INTENT_SET))
        .isInstanceOf(RuntimeStateException.class).hasMessageContaining("no intent has been set");
    runtime.terminate();
    assertThatThrownBy(() -> intents.set(Intent.of(List.of("read_file"), "x"), Provenance.USER_TRUSTED))
        .isInstanceOf(RuntimeStateException.class);
  }
}
