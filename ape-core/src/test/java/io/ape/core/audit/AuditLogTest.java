package io.ape.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.AuditSettings;
import io.ape.core.testing.MutableClock;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private final MutableClock clock = new MutableClock();

  @Test
  void sequenceNumbersStartAtOneAndHaveNoGapsTimestampsComeFromTheClock() {
    InMemoryAuditSink sink = new InMemoryAuditSink(64);
    AuditLog log = AuditLog.builder().clock(clock).sink(sink).build();
    for (int i = 0; i < 10; i++) {
      log.record(log.event(AuditEventType.DECISION));
      clock.advance(Duration.ofMillis(1));
    }
    List<AuditEvent> events = sink.events();
    assertThat(events).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(events.get(9).timestamp()).isEqualTo(events.get(0).timestamp().plusMillis(9));
    assertThat(log.lastSequence()).isEqualTo(10);
  }

  @Test
  void sequenceNumbersAreUniqueAndGaplessUnderConcurrency() throws Exception {
    InMemoryAuditSink sink = new InMemoryAuditSink(1 << 15);
    AuditLog log = AuditLog.builder().clock(clock).sink(sink).build();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 5000; i++) {
          log.record(log.event(AuditEventType.TOKEN_ISSUED));
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    List<AuditEvent> events = sink.events();
    assertThat(events).hasSize(20_000);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).sequence()).isEqualTo(i + 1);
    }
  }

  @Test
  void redactedKeysAreHashedAtAnyDepthCaseInsensitively() {
    InMemoryAuditSink sink = new InMemoryAuditSink(8);
    byte[] key = "a secret per-log key of 32 bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AuditLog log = AuditLog.builder().clock(clock).sink(sink)
        .redaction(new AuditSettings(List.of("Password", "token"))).redactionKey(key).build();
    KeyedRedaction expected = KeyedRedaction.of(AuditSettings.none(), key);
    Map<String, Object> params = Map.of("user", "bob", "password", "hunter2",
        "nested", Map.of("list", List.of(Map.of("TOKEN", "abc", "keep", 1))));
    log.record(log.event(AuditEventType.DECISION).parameters(params));
    Map<String, Object> recorded = sink.events().get(0).parameters();
    assertThat(recorded.get("user")).isEqualTo("bob");
    assertThat(recorded.get("password")).isEqualTo(expected.redactedValue("hunter2"))
        .asString().startsWith("hmac-sha256:");
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) ((List<?>) ((Map<?, ?>) recorded.get("nested")).get("list")).get(0);
    assertThat(inner.get("TOKEN")).isEqualTo(expected.redactedValue("abc"));
    assertThat(inner.get("keep")).isEqualTo(1);
    assertThat(sink.events().toString()).doesNotContain("hunter2").doesNotContain("\"abc\"");
    log.updateRedaction(AuditSettings.none());
    log.record(log.event(AuditEventType.DECISION).parameters(params));
    assertThat(sink.events().get(1).parameters().get("password")).isEqualTo("hunter2");
  }

  @Test
  void aFailingSinkFailsTheOperationClosedAfterTheOtherSinksRecorded() {
    InMemoryAuditSink good = new InMemoryAuditSink(8);
    AuditLog log = AuditLog.builder().clock(clock).sink(e -> {
      throw new IllegalStateException("disk full");
    }).sink(good).build();
    assertThatThrownBy(() -> log.record(log.event(AuditEventType.TOOL_EXECUTION_STARTED)))
        .isInstanceOf(AuditException.class).hasMessageContaining("disk full")
        .hasMessageContaining("fail closed");
    assertThat(log.sinkFailures()).isEqualTo(1);
    assertThat(good.events()).hasSize(1);
  }

  @Test
  void continueOnSinkFailureIsAnExplicitFlag() {
    AuditLog log = AuditLog.builder().clock(clock).continueOnSinkFailure(true).sink(e -> {
      throw new AuditException("down");
    }).build();
    AuditEvent e = log.record(log.event(AuditEventType.DECISION));
    assertThat(e.sequence()).isEqualTo(1);
    assertThat(log.sinkFailures()).isEqualTo(1);
    assertThat(log.continuesOnSinkFailure()).isTrue();
  }

  @Test
  void anAuditLogNeedsASink() {
    assertThatThrownBy(() -> AuditLog.builder().build()).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("at least one sink");
    assertThatThrownBy(() -> AuditLog.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withDetailMarksEveryEventOfTheBodyOnThisThreadOnly() {
    List<AuditEvent> seen = new CopyOnWriteArrayList<>();
    AuditLog log = AuditLog.builder().clock(clock).sink(seen::add).build();
    log.withDetail("enforcement_mode", "OBSERVE", () -> {
      log.record(log.event(AuditEventType.DECISION));
      return log.withDetail("inner", "x", () -> log.record(log.event(AuditEventType.DECISION)));
    });
    log.record(log.event(AuditEventType.DECISION));
    assertThat(seen.get(0).details()).containsEntry("enforcement_mode", "OBSERVE");
    assertThat(seen.get(1).details()).containsEntry("enforcement_mode", "OBSERVE").containsEntry("inner", "x");
    assertThat(seen.get(2).details()).doesNotContainKey("enforcement_mode");
  }

  @Test
  void inMemorySinkIsBoundedAndClearable() {
    InMemoryAuditSink sink = new InMemoryAuditSink(5);
    assertThat(sink.capacity()).isEqualTo(8);
    AuditLog log = AuditLog.builder().clock(clock).sink(sink).build();
    for (int i = 0; i < 20; i++) {
      log.record(log.event(AuditEventType.DECISION));
    }
    assertThat(sink.events()).extracting(AuditEvent::sequence).containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    sink.clear();
    assertThat(sink.events()).isEmpty();
    log.record(log.event(AuditEventType.TOKEN_ISSUED));
    assertThat(sink.events(AuditEventType.TOKEN_ISSUED)).hasSize(1);
    sink.record(AuditEvent.builder(AuditEventType.DECISION, clock.instant()).build());
    assertThat(sink.events()).hasSize(2);
    assertThatThrownBy(() -> new InMemoryAuditSink(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void memoryProviderIsDiscoveredAndConfigured() {
    AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("memory")).findFirst().orElseThrow();
    assertThat(provider).isInstanceOf(InMemoryAuditSinkProvider.class);
    InMemoryAuditSink sink = (InMemoryAuditSink) provider.create(new ProviderContext(
        Map.of(InMemoryAuditSinkProvider.CAPACITY_KEY, "100"), clock));
    assertThat(sink.capacity()).isEqualTo(128);
    assertThatThrownBy(() -> provider.create(new ProviderContext(
        Map.of(InMemoryAuditSinkProvider.CAPACITY_KEY, "lots"), clock)))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("lots");
  }
}
