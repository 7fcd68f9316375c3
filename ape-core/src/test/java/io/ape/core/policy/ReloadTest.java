package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyValidationException;
import io.ape.core.provider.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload validates completely before swapping, keeps the old policy on error, and reports. */
class ReloadTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final List<PolicyUpdateEvent> events = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  private PolicyEngine fileEngine(Path file) {
    return PolicyEngine.builder().providerLoader(Fixtures.providerLoader("parsers")).clock(clock)
        .updateListener(events::add).policyFile(file).build();
  }

  @Test
  void buildingTellsListenersGivenToTheBuilder() throws IOException {
    Path file = Files.writeString(dir.resolve("p.lines"), "name: one\nallow: read_file\n");
    PolicyEngine engine = fileEngine(file);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(PolicyUpdateEvent.Kind.LOADED);
      assertThat(e.version()).isEqualTo(engine.policyVersion());
      assertThat(e.previousVersion()).isEmpty();
      assertThat(e.at()).isEqualTo(NOW);
      assertThat(e.source()).isEqualTo(file.toString());
      assertThat(e.failure()).isEmpty();
    });
  }

  @Test
  void reloadReadsTheFileAgainAndSwaps() throws IOException {
    Path file = Files.writeString(dir.resolve("p.lines"), "name: one\nallow: read_file\n");
    PolicyEngine engine = fileEngine(file);
    String v1 = engine.policyVersion();
    Files.writeString(file, "name: two\nforbid: read_file\n");
    engine.reload();
    assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.policy().name()).isEqualTo("two");
    assertThat(events).last().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(PolicyUpdateEvent.Kind.RELOADED);
      assertThat(e.previousVersion()).isEqualTo(v1);
      assertThat(e.version()).isEqualTo(engine.policyVersion()).isNotEqualTo(v1);
      assertThat(e.policyName()).isEqualTo("two");
    });
  }

  @Test
  void anInvalidFileKeepsTheOldPolicyThrowsAndNotifies() throws IOException {
    Path file = Files.writeString(dir.resolve("p.lines"), "name: one\nallow: read_file\n");
    PolicyEngine engine = fileEngine(file);
    String v1 = engine.policyVersion();

    Files.writeString(file, "name: broken\nnonsense\n");
    assertThatThrownBy(engine::reload).isInstanceOf(PolicyParseException.class);
    Files.writeString(file, "allow: read_file\nforbid: read_file\n");
    assertThatThrownBy(engine::reload).isInstanceOf(PolicyValidationException.class);
    Files.delete(file);
    assertThatThrownBy(engine::reload).isInstanceOf(PolicyNotFoundException.class);

    assertThat(engine.policyVersion()).isEqualTo(v1);
    assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(events).extracting(PolicyUpdateEvent::kind).containsExactly(
        PolicyUpdateEvent.Kind.LOADED, PolicyUpdateEvent.Kind.RELOAD_FAILED,
        PolicyUpdateEvent.Kind.RELOAD_FAILED, PolicyUpdateEvent.Kind.RELOAD_FAILED);
    assertThat(events.get(1)).satisfies(e -> {
      assertThat(e.version()).isEqualTo(v1);
      assertThat(e.previousVersion()).isEqualTo(v1);
      assertThat(e.failure()).get().isInstanceOf(PolicyParseException.class);
    });
  }

  @Test
  void reloadWithAPolicyObjectValidatesFirst() {
    PolicyEngine engine = TestPolicy.named("one").allow("read_file").engine();
    engine.addUpdateListener(events::add);
    String v1 = engine.policyVersion();
    Policy invalid = TestPolicy.named("bad").rule("r", "read_file", Outcome.ALLOW,
        cond("path", "regex", "(")).build();
    assertThatThrownBy(() -> engine.reload(invalid)).isInstanceOf(PolicyValidationException.class);
    assertThat(engine.policyVersion()).isEqualTo(v1);

    engine.reload(TestPolicy.named("two").forbid("read_file").build());
    assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.DENY);
    assertThat(events).extracting(PolicyUpdateEvent::kind).containsExactly(
        PolicyUpdateEvent.Kind.RELOAD_FAILED, PolicyUpdateEvent.Kind.RELOADED);
  }

  @Test
  void reloadWithoutAFileIsAProgrammingError() {
    PolicyEngine engine = TestPolicy.named("one").engine();
    assertThatThrownBy(engine::reload).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("use reload(Policy)");
  }

  @Test
  void aFailingListenerAffectsNeitherTheEngineNorOtherListeners() {
    PolicyEngine engine = TestPolicy.named("one").engine();
    engine.addUpdateListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    engine.addUpdateListener(events::add);
    engine.reload(TestPolicy.named("two").allow("a").build());
    assertThat(events).singleElement().extracting(PolicyUpdateEvent::kind)
        .isEqualTo(PolicyUpdateEvent.Kind.RELOADED);
    assertThat(engine.policy().name()).isEqualTo("two");
    PolicyUpdateListener l = events::add;
    engine.addUpdateListener(l);
    assertThat(engine.removeUpdateListener(l)).isTrue();
  }
}
