package io.ape.audit;

import static io.ape.audit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.api.Outcome;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** ServiceLoader providers and their configuration, the SLF4J sink and the composite. */
class ProvidersAndSinksTest {
  @TempDir Path dir;
  private final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditSinks.LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level previousLevel;

  @BeforeEach
  void captureAuditLogger() {
    previousLevel = auditLogger.getLevel();
    logged.start();
    auditLogger.addAppender(logged);
  }

  @AfterEach
  void restoreAuditLogger() {
    auditLogger.detachAppender(logged);
    auditLogger.setLevel(previousLevel);
  }

  private static AuditSinkProvider provider(String id) {
    for (AuditSinkProvider p : ServiceLoader.load(AuditSinkProvider.class)) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no provider " + id);
  }

  private static ProviderContext ctx(Map<String, String> props) {
    return new ProviderContext(props, Clock.systemUTC());
  }

  @Test
  void bothProvidersAreRegistered() {
    List<String> ids = new ArrayList<>();
    ServiceLoader.load(AuditSinkProvider.class).forEach(p -> ids.add(p.id()));
    assertThat(ids).contains("jsonl", "slf4j");
  }

  @Test
  void jsonlProviderBuildsAConfiguredSink() throws Exception {
    Path key = dir.resolve("audit.key");
    Files.write(key, new byte[48]);
    Map<String, String> p = new HashMap<>();
    p.put("ape.audit.jsonl.path", dir.resolve("logs/audit.jsonl").toString());
    p.put("ape.audit.jsonl.durability", "per-record");
    p.put("ape.audit.jsonl.hmac-key-file", key.toString());
    p.put("ape.audit.jsonl.max-file-bytes", "1KiB");
    p.put("ape.audit.jsonl.max-record-bytes", "64k");
    p.put("ape.audit.jsonl.queue-capacity", "16");
    p.put("ape.audit.jsonl.max-queued-bytes", "1MiB");
    p.put("ape.audit.jsonl.group-commit.max-batch", "8");
    p.put("ape.audit.jsonl.group-commit.window", "500us");
    p.put("ape.audit.jsonl.write-timeout", "PT10S");
    p.put("ape.audit.jsonl.ordering-timeout", "2s");
    p.put("ape.audit.jsonl.wait-for", "tool_execution_started, DECISION");
    p.put("ape.audit.slf4j.parameters", "none");
    try (AuditSink sink = provider("jsonl").create(ctx(p))) {
      assertThat(sink).isInstanceOf(JsonlAuditSink.class);
      assertThat(((JsonlAuditSink) sink).durability()).isEqualTo(Durability.PER_RECORD);
      assertThat(((JsonlAuditSink) sink).waitFor()).containsExactlyInAnyOrder(
          io.ape.api.AuditEventType.TOOL_EXECUTION_STARTED, io.ape.api.AuditEventType.DECISION);
      for (long s = 1; s <= 6; s++) {
        sink.record(event(s));
      }
    }
    Path log = dir.resolve("logs/audit.jsonl");
    assertThat(JsonlAuditSink.files(log).size()).isGreaterThan(1);
    assertThat(AuditVerifier.builder().hmacKeyFile(key).build()
        .verify(JsonlAuditSink.files(log)).status())
        .isEqualTo(VerificationResult.Status.INTACT);
  }

  @Test
  void jsonlProviderRejectsMissingAndInvalidConfigurationNamingTheKey() {
    String path = dir.resolve("a.jsonl").toString();
    assertError(Map.of(), "ape.audit.jsonl.path");
    assertError(Map.of("ape.audit.jsonl.path", " "), "ape.audit.jsonl.path");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.durability", "sometimes"),
        "ape.audit.jsonl.durability");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.max-file-bytes", "lots"),
        "ape.audit.jsonl.max-file-bytes");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.max-file-bytes", "-5"),
        "ape.audit.jsonl.max-file-bytes");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.queue-capacity", "0"),
        "ape.audit.jsonl.queue-capacity");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.write-timeout", "soon"),
        "ape.audit.jsonl.write-timeout");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.hmac-key-file",
        dir.resolve("no.key").toString()), "ape.audit.jsonl.hmac-key-file");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.wait-for", "DECISION,NOPE"),
        "ape.audit.jsonl.wait-for");
    assertError(Map.of("ape.audit.jsonl.path", path, "ape.audit.jsonl.durabilty", "per-record"),
        "ape.audit.jsonl.durabilty");
    assertThat(Files.exists(dir.resolve("a.jsonl"))).isFalse();
  }

  private static void assertError(Map<String, String> props, String key) {
    assertThatThrownBy(() -> provider("jsonl").create(ctx(props)))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining(key);
  }

  @Test
  void slf4jSinkWritesOneEscapedLinePerEventWithParameterNamesOnly() {
    auditLogger.setLevel(Level.INFO);
    AuditSink sink = provider("slf4j").create(ctx(Map.of()));
    AuditEvent e = TestEvents.decision(7, "db.login", Outcome.DENY,
        Map.of("user", "alice", "password", "redacted:sha256:ab12"));
    AuditEvent forging = AuditEvent.builder(e.type(), e.timestamp())
        .reason("x\n2025-01-01 INFO ape.audit - {\"forged\":true}").build().withSequence(8);
    sink.record(e);
    sink.record(forging);
    assertThat(logged.list).hasSize(2);
    String line = logged.list.get(0).getFormattedMessage();
    assertThat(line).startsWith("{\"v\":1,\"sequence\":7,").contains("\"parameterKeys\":[")
        .contains("\"user\"").doesNotContain("alice").doesNotContain("redacted:sha256")
        .doesNotContain("\n");
    assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(logged.list.get(0).getKeyValuePairs()).anyMatch(kv -> kv.key.equals("sequence"));
    assertThat(logged.list.get(1).getFormattedMessage()).doesNotContain("\n")
        .contains("\\n2025-01-01");
  }

  @Test
  void slf4jSinkParameterModes() {
    auditLogger.setLevel(Level.INFO);
    AuditEvent e = TestEvents.decision(1, "fs.read", Outcome.ALLOW, Map.of("path", "/tmp/x"));
    provider("slf4j").create(ctx(Map.of("ape.audit.slf4j.parameters", "values"))).record(e);
    provider("slf4j").create(ctx(Map.of("ape.audit.slf4j.parameters", "none"))).record(e);
    assertThat(logged.list.get(0).getFormattedMessage())
        .contains("\"parameters\":{\"path\":\"/tmp/x\"}");
    assertThat(logged.list.get(1).getFormattedMessage()).doesNotContain("path");
    assertThatThrownBy(() -> provider("slf4j")
        .create(ctx(Map.of("ape.audit.slf4j.parameters", "all"))))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.slf4j.parameters");
    assertThatThrownBy(() -> provider("slf4j").create(ctx(Map.of("ape.audit.slf4j.level", "x"))))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.audit.slf4j.level");
  }

  @Test
  void slf4jSinkFailsRatherThanDropEventsWhenTheLoggerIsOff() {
    auditLogger.setLevel(Level.WARN);
    AuditSink sink = AuditSinks.slf4j();
    assertThatThrownBy(() -> sink.record(event(1)))
        .isInstanceOf(AuditException.class).hasMessageContaining("not enabled for INFO");
  }

  @Test
  void compositeRecordsToAllAndFailsAfterTryingEveryone() {
    List<AuditEvent> first = new ArrayList<>();
    List<AuditEvent> third = new ArrayList<>();
    AuditSink failing = new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        throw new AuditException("disk on fire");
      }

      @Override
      public String toString() {
        return "failing";
      }
    };
    AuditSink composite = AuditSinks.composite(first::add, failing, third::add);
    assertThatThrownBy(() -> composite.record(event(1)))
        .isInstanceOf(AuditException.class).hasMessageContaining("failing: disk on fire");
    assertThat(first).hasSize(1);
    assertThat(third).hasSize(1);
    AuditSink ok = AuditSinks.composite(List.of(first::add, third::add));
    ok.record(event(2));
    ok.flush();
    ok.close();
    assertThat(first).hasSize(2);
    assertThatThrownBy(() -> AuditSinks.composite()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compositeReportsEveryFailure() {
    AuditSink a = e -> {
      throw new AuditException("a broke");
    };
    AuditSink b = e -> {
      throw new IllegalStateException("b broke");
    };
    AuditException ex = org.junit.jupiter.api.Assertions.assertThrows(AuditException.class,
        () -> AuditSinks.composite(a, b).record(event(1)));
    assertThat(ex.getMessage()).contains("a broke").contains("b broke");
    assertThat(ex.getSuppressed()).hasSize(1);
  }

  @Test
  void compositeOfJsonlAndSlf4jWritesBoth() {
    auditLogger.setLevel(Level.INFO);
    Path log = dir.resolve("c.jsonl");
    try (AuditSink sink = AuditSinks.composite(JsonlAuditSink.builder(log).build(),
        AuditSinks.slf4j())) {
      sink.record(event(1));
      sink.record(event(2));
    }
    assertThat(LogFiles.lines(log)).hasSize(2);
    assertThat(logged.list).hasSize(2);
  }
}
