package io.ape.audit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.Outcome;
import io.ape.audit.AuditVerifier;
import io.ape.audit.ChainHead;
import io.ape.audit.VerificationProblem;
import io.ape.audit.VerificationResult;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC audit sink and its verifier against a real PostgreSQL. */
class JdbcAuditSinkTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef-key".getBytes();
  private String url;

  @BeforeEach
  void schema() {
    url = TestPostgres.freshSchemaUrl();
  }

  private JdbcAuditSink sink(String writer) {
    return JdbcAuditSink.builder(url).user(TestPostgres.user()).writerId(writer).build();
  }

  private JdbcAuditSink keyedSink(String writer) {
    return JdbcAuditSink.builder(url).user(TestPostgres.user()).writerId(writer).hmacKey(KEY)
        .build();
  }

  private JdbcVerificationResult verify() {
    return JdbcAuditVerifier.builder(url).user(TestPostgres.user()).build().verify();
  }

  private JdbcVerificationResult verifyWithKey() {
    return JdbcAuditVerifier.builder(url).user(TestPostgres.user()).hmacKey(KEY).build()
        .verify();
  }

  private static void write(AuditSink sink, int from, int to) {
    for (int i = from; i <= to; i++) {
      sink.record(TestEvents.decision(i, "sess-" + (i % 3), i % 2 == 0 ? Outcome.ALLOW
          : Outcome.DENY));
    }
  }

  private static ChainFinding finding(JdbcVerificationResult r) {
    assertThat(r.passed()).as(r.toText()).isFalse();
    return r.chains().stream().flatMap(c -> c.finding().stream()).findFirst().orElseThrow();
  }

  @Test
  void recordsAreCommittedChainedAndQueryable() {
    try (JdbcAuditSink sink = sink("w1")) {
      write(sink, 1, 10);
      JdbcVerificationResult r = verify();
      assertThat(r.passed()).as(r.toText()).isTrue();
      assertThat(r.chains()).singleElement().satisfies(c -> {
        assertThat(c.writerId()).isEqualTo("w1");
        assertThat(c.records()).isEqualTo(10);
        assertThat(c.head()).isEqualTo(sink.head());
      });
      assertThat(TestPostgres.count(url, "SELECT count(*) FROM ape_audit_record WHERE "
          + "session_id = 'sess-1' AND decision = 'DENY' AND action_id = 'write_file'"))
          .isEqualTo(2);
      assertThat(TestPostgres.count(url, "SELECT count(*) FROM ape_audit_record_json WHERE "
          + "record->>'decision' = 'ALLOW' AND record->'parameters'->>'path' LIKE '/srv/%'"))
          .isEqualTo(5);
      assertThat(r.toJson()).contains("\"passed\":true").contains("\"writerId\":\"w1\"");
    }
  }

  @Test
  void theRowsAreTheJsonLinesRecordsAndTheJsonLinesVerifierAcceptsThem(@TempDir Path dir)
      throws Exception {
    try (JdbcAuditSink sink = keyedSink("w-jsonl")) {
      write(sink, 1, 25);
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Connection c = TestPostgres.connect(url, TestPostgres.user());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT record FROM ape_audit_record ORDER BY record_no")) {
      while (r.next()) {
        log.write(r.getBytes(1));
        log.write('\n');
      }
    }
    Path file = Files.write(dir.resolve("audit.jsonl"), log.toByteArray());
    VerificationResult r = AuditVerifier.builder().hmacKey(KEY).build().verify(List.of(file));
    assertThat(r.status()).as(r.toText()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(25);
  }

  @Test
  void manyConcurrentCallersShareCommitsAndTheChainStaysGapless() throws Exception {
    try (JdbcAuditSink sink = sink("w-group")) {
      ExecutorService pool = Executors.newFixedThreadPool(64);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int thread = t;
        futures.add(pool.submit(() -> write(sink, thread * 1000 + 1, thread * 1000 + 20)));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(sink.head().recordNo()).isEqualTo(64 * 20);
    }
    JdbcVerificationResult r = verify();
    assertThat(r.passed()).as(r.toText()).isTrue();
    assertThat(r.chains().get(0).records()).isEqualTo(64 * 20);
  }

  @Test
  void aRestartedWriterContinuesItsChain() {
    try (JdbcAuditSink sink = keyedSink("w-restart")) {
      write(sink, 1, 5);
    }
    try (JdbcAuditSink sink = keyedSink("w-restart")) {
      assertThat(sink.head().recordNo()).isEqualTo(5);
      write(sink, 1, 5); // the engine's sequence starts again at 1
    }
    JdbcVerificationResult r = verifyWithKey();
    assertThat(r.passed()).as(r.toText()).isTrue();
    assertThat(r.chains().get(0).records()).isEqualTo(10);
  }

  @Test
  void aWriterIdIsHeldByOneSinkAtATime() {
    try (JdbcAuditSink first = sink("w-taken")) {
      assertThatThrownBy(() -> sink("w-taken")).isInstanceOf(AuditException.class)
          .hasMessageContaining("another audit sink holds the writer id 'w-taken'");
      write(first, 1, 2);
    }
    try (JdbcAuditSink again = sink("w-taken")) {
      assertThat(again.head().recordNo()).isEqualTo(2);
    }
  }

  @Test
  void oddEventsNeverFailABatch() {
    String huge = "t".repeat(100_000);
    try (JdbcAuditSink sink = sink("w-odd")) {
      sink.record(AuditEvent.builder(AuditEventType.DECISION, TestEvents.T0).sequence(1)
          .session("nul\u0000inside").tool(huge).reason("unpaired \ud800 surrogate")
          .action("a\ud83d\ude00b").build());
      sink.record(AuditEvent.builder(AuditEventType.DECISION, java.time.Instant.MAX)
          .sequence(2).build());
      sink.record(AuditEvent.builder(AuditEventType.DECISION, java.time.Instant.MIN)
          .sequence(3).build());
      assertThatThrownBy(() -> sink.record(AuditEvent.builder(AuditEventType.DECISION,
          TestEvents.T0).sequence(4).parameters(Map.of("big", "x".repeat(2 << 20))).build()))
          .isInstanceOf(AuditException.class).hasMessageContaining("more than the");
      write(sink, 5, 6);
    }
    JdbcVerificationResult r = verify();
    assertThat(r.passed()).as(r.toText()).isTrue();
    assertThat(r.chains().get(0).records()).isEqualTo(5);
    assertThat(TestPostgres.count(url, "SELECT length(tool_id) FROM ape_audit_record WHERE "
        + "record_no = 1")).isEqualTo(256);
  }

  // ------------------------------------------------------------------ tampering

  @Test
  void anEditedRecordIsDetected() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
    }
    TestPostgres.update(url, "UPDATE ape_audit_record SET record = convert_to(replace("
        + "convert_from(record, 'UTF8'), '\"reason\":\"rule matched\"', '\"reason\":\"fine\"'),"
        + " 'UTF8') WHERE record_no = 3");
    ChainFinding f = finding(verify());
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORD_EDITED);
    assertThat(f.recordNo()).isEqualTo(3);
  }

  @Test
  void anEditedColumnIsDetected() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
    }
    TestPostgres.update(url, "UPDATE ape_audit_record SET decision = 'ALLOW' WHERE record_no = 3");
    ChainFinding f = finding(verify());
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORD_EDITED);
    assertThat(f.recordNo()).isEqualTo(3);
    assertThat(f.detail()).contains("decision (ALLOW where the record says DENY)");
  }

  @Test
  void aDeletedRowIsDetected() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
    }
    TestPostgres.update(url, "DELETE FROM ape_audit_record WHERE record_no = 4");
    ChainFinding f = finding(verify());
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_MISSING);
    assertThat(f.recordNo()).isEqualTo(5);
  }

  @Test
  void reorderedRowsAreDetected() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
    }
    TestPostgres.update(url, "UPDATE ape_audit_record SET record_no = -1 WHERE record_no = 2");
    TestPostgres.update(url, "UPDATE ape_audit_record SET record_no = 2 WHERE record_no = 3");
    TestPostgres.update(url, "UPDATE ape_audit_record SET record_no = 3 WHERE record_no = -1");
    assertThat(finding(verify()).problem()).isEqualTo(VerificationProblem.RECORDS_REORDERED);
  }

  @Test
  void aRemovedStartIsDetected() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
    }
    TestPostgres.update(url, "DELETE FROM ape_audit_record WHERE record_no = 1");
    assertThat(finding(verify()).problem()).isEqualTo(VerificationProblem.BAD_CHAIN_START);
  }

  @Test
  void aRowMovedToAnotherWriterBreaksBothChains() {
    try (JdbcAuditSink a = sink("wa"); JdbcAuditSink b = sink("wb")) {
      write(a, 1, 4);
      write(b, 11, 14);
    }
    TestPostgres.update(url, "DELETE FROM ape_audit_record WHERE writer_id = 'wb' AND "
        + "record_no = 2");
    TestPostgres.update(url, "UPDATE ape_audit_record SET writer_id = 'wb' WHERE writer_id = "
        + "'wa' AND record_no = 2");
    JdbcVerificationResult r = verify();
    assertThat(r.chains()).hasSize(2).noneMatch(ChainVerification::passed);
  }

  @Test
  void withoutAKeyAnEditedLastRowPassesAndWithAKeyItDoesNot() {
    try (JdbcAuditSink sink = keyedSink("w")) {
      write(sink, 1, 5);
    }
    // record 5 (a DENY) becomes an ALLOW, in the record and in the column
    TestPostgres.update(url, "UPDATE ape_audit_record SET decision = 'ALLOW', record = "
        + "convert_to(replace(convert_from(record, 'UTF8'), '\"DENY\"', '\"ALLOW\"'), 'UTF8') "
        + "WHERE record_no = 5");
    assertThat(verify().passed()).as("the chain alone cannot see an edit of its last row")
        .isTrue();
    ChainFinding f = finding(verifyWithKey());
    assertThat(f.problem()).isEqualTo(VerificationProblem.BAD_MAC);
    assertThat(f.recordNo()).isEqualTo(5);
  }

  @Test
  void anEditedRowBeforeTheLastBreaksTheChainEvenWithoutAKey() {
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 4);
    }
    TestPostgres.update(url, "UPDATE ape_audit_record SET decision = 'ALLOW', record = "
        + "convert_to(replace(convert_from(record, 'UTF8'), '\"DENY\"', '\"ALLOW\"'), 'UTF8') "
        + "WHERE record_no = 3");
    ChainFinding f = finding(verify());
    assertThat(f.problem()).isEqualTo(VerificationProblem.CHAIN_BROKEN);
    assertThat(f.recordNo()).isEqualTo(4);
  }

  @Test
  void aRowAppendedWithoutTheKeyIsDetected() {
    try (JdbcAuditSink sink = keyedSink("w")) {
      write(sink, 1, 3);
    }
    try (JdbcAuditSink forger = JdbcAuditSink.builder(url).user(TestPostgres.user())
        .writerId("w").hmacKey("another key, 32 bytes or more......".getBytes()).build()) {
      throw new AssertionError("a sink with another key must not continue the chain");
    } catch (AuditException expected) {
      assertThat(expected).hasMessageContaining("HMAC");
    }
    TestPostgres.update(url, "INSERT INTO ape_audit_record SELECT writer_id, 4, sequence, "
        + "event_time, event_type, tenant_id, session_id, action_id, tool_id, decision, rule_id,"
        + " convert_to(replace(convert_from(record, 'UTF8'), '\"recordNo\":3', "
        + "'\"recordNo\":4'), 'UTF8') FROM ape_audit_record WHERE record_no = 3");
    assertThat(finding(verifyWithKey()).problem()).isIn(VerificationProblem.BAD_MAC,
        VerificationProblem.CHAIN_BROKEN);
  }

  @Test
  void truncationIsDetectedOnlyAgainstAPinnedHead() {
    ChainHead pinned;
    try (JdbcAuditSink sink = sink("w")) {
      write(sink, 1, 6);
      pinned = sink.head();
    }
    TestPostgres.update(url, "DELETE FROM ape_audit_record WHERE record_no >= 5");
    JdbcVerificationResult plain = verify();
    assertThat(plain.passed()).isTrue();
    assertThat(plain.notes()).anyMatch(n -> n.contains("cut off the end"));
    JdbcVerificationResult pinnedResult = JdbcAuditVerifier.builder(url)
        .user(TestPostgres.user()).expectHead("w", pinned).build().verify();
    ChainFinding f = finding(pinnedResult);
    assertThat(f.problem()).isEqualTo(VerificationProblem.HEAD_MISMATCH);
    assertThat(f.detail()).contains("expected the chain to end at record 6");
  }

  @Test
  void aSinkRefusesToContinueAChainItCannotVouchFor() {
    try (JdbcAuditSink sink = keyedSink("w")) {
      write(sink, 1, 3);
    }
    TestPostgres.update(url, "UPDATE ape_audit_record SET record = convert_to(replace("
        + "convert_from(record, 'UTF8'), '\"DENY\"', '\"ALLOW\"'), 'UTF8') WHERE record_no = 3");
    assertThatThrownBy(() -> keyedSink("w")).isInstanceOf(AuditException.class)
        .hasMessageContaining("cannot continue").hasMessageContaining("HMAC");
  }

  @Test
  void aMissingTableOrUnreachableDatabaseIsAnAuditException() {
    assertThatThrownBy(() -> verify()).isInstanceOf(AuditException.class)
        .hasMessageContaining("ape_audit_record");
    assertThatThrownBy(() -> JdbcAuditSink.builder("jdbc:postgresql://127.0.0.1:1/x")
        .user("ape").connectTimeout(java.time.Duration.ofSeconds(1)).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void theProviderReadsItsKeys(@TempDir Path dir) throws Exception {
    AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("jdbc")).findFirst()
        .orElseThrow();
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of(), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.audit.jdbc.url");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.audit.jdbc.url",
        url, "ape.audit.jdbc.writerid", "x"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jdbc.writerid");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.audit.jdbc.url",
        "jdbc:mysql://x/y"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.audit.jdbc.url",
        url, "ape.audit.jdbc.writer-id", "bad id!"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class);
    Path pw = Files.writeString(dir.resolve("pw"), "unused-with-trust\n");
    Path key = Files.write(dir.resolve("key"), KEY);
    try (AuditSink sink = provider.create(new ProviderContext(Map.of("ape.audit.jdbc.url", url,
        "ape.audit.jdbc.user", TestPostgres.user(), "ape.audit.jdbc.password-file",
        pw.toString(), "ape.audit.jdbc.writer-id", "configured", "ape.audit.jdbc.hmac-key-file",
        key.toString(), "ape.audit.jdbc.max-batch", "16"), Clock.systemUTC()))) {
      write(sink, 1, 3);
    }
    JdbcVerificationResult r = verifyWithKey();
    assertThat(r.passed()).as(r.toText()).isTrue();
    assertThat(r.chains().get(0).writerId()).isEqualTo("configured");
  }
}
