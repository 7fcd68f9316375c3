package io.ape.audit;

import static io.ape.audit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.Outcome;
import io.ape.audit.internal.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonlAuditSinkTest {
  @TempDir Path dir;

  private Path log() {
    return dir.resolve("audit.jsonl");
  }

  private static void recordAll(JsonlAuditSink sink, long from, long to) {
    for (long s = from; s <= to; s++) {
      sink.record(event(s));
    }
  }

  private VerificationResult verify() {
    return AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log()));
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void recordsAreChainedDurableAndVerifiable(Durability mode) {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).durability(mode).build()) {
      recordAll(sink, 1, 20);
      assertThat(sink.head().recordNo()).isEqualTo(20);
    }
    List<String> lines = LogFiles.lines(log());
    assertThat(lines).hasSize(20);
    assertThat(lines.get(0)).startsWith("{\"v\":1,\"sequence\":1,\"timestamp\":")
        .contains("\"recordNo\":1,\"prev\":\"" + RecordFormat.GENESIS + "\"}");
    VerificationResult r = verify();
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(20);
  }

  @Test
  void recordedEventsReadBackEqual() {
    AuditEvent e = TestEvents.decision(1, "net.fetch", Outcome.DENY,
        Map.of("url", "https://x.example/ä\n\u2028\"q\"", "n", 5, "ratio", 0.25,
            "flags", List.of(true, false), "nested", Map.of("k", "v")));
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      sink.record(e);
    }
    AuditReadResult read = AuditReader.withDefaults().read(List.of(log()), AuditQuery.all());
    assertThat(read.records()).hasSize(1);
    AuditEvent back = read.records().get(0).event();
    assertThat(back).isEqualTo(e);
  }

  @Test
  void logFilesAreReadableByTheOwnerOnly() throws Exception {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      sink.record(event(1));
    }
    if (Files.getFileStore(log()).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(log()))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void anUnstampedEventIsRefused() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      AuditEvent unstamped = AuditEvent.builder(AuditEventType.DECISION, TestEvents.T0).build();
      assertThatThrownBy(() -> sink.record(unstamped))
          .isInstanceOf(AuditException.class).hasMessageContaining("no sequence number");
    }
  }

  @Test
  void anOversizedEventIsRefusedWithoutStallingTheNextOnes() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).maxRecordBytes(2048).build()) {
      sink.record(event(1));
      AuditEvent big = TestEvents.decision(2, "fs.write", Outcome.ALLOW,
          Map.of("content", "x".repeat(5000)));
      assertThatThrownBy(() -> sink.record(big))
          .isInstanceOf(AuditException.class).hasMessageContaining("max-record-bytes");
      sink.record(event(3));
      assertThat(sink.isFailed()).isFalse();
    }
    assertThat(verify().passed()).isTrue();
    assertThat(LogFiles.lines(log())).hasSize(2);
  }

  @Test
  void aClosedSinkRefusesRecords() {
    JsonlAuditSink sink = JsonlAuditSink.builder(log()).build();
    sink.record(event(1));
    sink.close();
    sink.close();
    assertThatThrownBy(() -> sink.record(event(2)))
        .isInstanceOf(AuditException.class).hasMessageContaining("closed");
    assertThatThrownBy(sink::flush).isInstanceOf(AuditException.class);
  }

  @Test
  void twoSinksCannotAppendToTheSameLog() {
    try (JsonlAuditSink first = JsonlAuditSink.builder(log()).build()) {
      first.record(event(1));
      assertThatThrownBy(() -> JsonlAuditSink.builder(log()).build())
          .isInstanceOf(AuditException.class).hasMessageContaining("in use");
    }
    try (JsonlAuditSink again = JsonlAuditSink.builder(log()).build()) {
      assertThat(again.head().recordNo()).isEqualTo(1);
    }
  }

  @Test
  void reopeningContinuesTheChainAndRecordNumbers() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      recordAll(sink, 1, 5);
    }
    ChainHead headAfterFirstRun;
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      assertThat(sink.recovery().existingLog()).isTrue();
      assertThat(sink.recovery().head().recordNo()).isEqualTo(5);
      assertThat(sink.recovery().tornTail()).isEmpty();
      // A new engine run starts its own sequence again at 1.
      recordAll(sink, 1, 3);
      headAfterFirstRun = sink.head();
    }
    VerificationResult r = AuditVerifier.builder().expectHead(headAfterFirstRun).build()
        .verify(JsonlAuditSink.files(log()));
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(8);
  }

  @Test
  void recoveryCutsATornLastLineSavesItAndContinues() throws Exception {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      recordAll(sink, 1, 3);
    }
    String torn = "{\"v\":1,\"sequence\":4,\"timesta";
    Files.writeString(log(), torn, java.nio.file.StandardOpenOption.APPEND);
    assertThat(verify().status()).isEqualTo(VerificationResult.Status.INTACT_WITH_TORN_TAIL);
    long sizeBefore = Files.size(log());
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).firstSequence(0).build()) {
      RecoveryReport rep = sink.recovery();
      assertThat(rep.tornTail()).isPresent();
      assertThat(rep.tornTail().get().offset()).isEqualTo(sizeBefore - torn.length());
      assertThat(rep.tornTail().get().length()).isEqualTo(torn.length());
      assertThat(rep.tornBytesSavedTo()).isPresent();
      assertThat(Files.readString(rep.tornBytesSavedTo().get())).isEqualTo(torn);
      assertThat(rep.describe()).contains("torn");
      assertThat(rep.head().recordNo()).isEqualTo(3);
      recordAll(sink, 4, 6);
    }
    VerificationResult r = verify();
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(6);
    assertThat(JsonlAuditSink.files(log())).containsExactly(log());
  }

  @Test
  void aLogThatHoldsOnlyATornFirstLineStartsTheChainAfresh() throws Exception {
    Files.writeString(log(), "{\"v\":1,\"seque");
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      assertThat(sink.recovery().tornTail()).isPresent();
      assertThat(sink.recovery().head()).isEqualTo(ChainHead.EMPTY);
      sink.record(event(1));
    }
    assertThat(verify().status()).isEqualTo(VerificationResult.Status.INTACT);
  }

  @Test
  void aLogWhoseTailWasEditedIsNotContinued() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      recordAll(sink, 1, 3);
    }
    List<String> lines = LogFiles.lines(log());
    lines.set(1, lines.get(1).replace("/tmp/f2", "/tmp/fX"));
    LogFiles.write(log(), lines);
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("cannot be continued");
  }

  @Test
  void aLogWithGarbageAtTheEndIsNotContinued() throws Exception {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      recordAll(sink, 1, 2);
    }
    Files.writeString(log(), "not a record\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("not a valid record");
  }

  @Test
  void rotationContinuesTheChainIntoTheNextFile() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).maxFileBytes(2000).build()) {
      recordAll(sink, 1, 30);
    }
    List<Path> files = JsonlAuditSink.files(log());
    assertThat(files.size()).isGreaterThan(3);
    assertThat(files.get(0)).isEqualTo(log());
    assertThat(files.get(1)).isEqualTo(dir.resolve("audit.jsonl.1"));
    for (Path f : files) {
      assertThat(LogFiles.read(f).length()).isLessThanOrEqualTo(2000);
    }
    // The first record of file 2 carries the hash of the last record of file 1.
    List<String> first = LogFiles.lines(files.get(0));
    String lastOfFirst = first.get(first.size() - 1);
    String firstOfSecond = LogFiles.lines(files.get(1)).get(0);
    assertThat(firstOfSecond).contains("\"prev\":\"" + sha256(lastOfFirst) + "\"");
    VerificationResult r = AuditVerifier.withoutKey().verify(files);
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(30);
  }

  @Test
  void rotationAndReopeningKeepOneChain() {
    for (int run = 0; run < 3; run++) {
      try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).maxFileBytes(1500).build()) {
        recordAll(sink, 1, 7);
      }
    }
    VerificationResult r = verify();
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(21);
  }

  @Test
  void anEmptyNewSegmentLeftByACrashContinuesFromThePreviousOne() throws Exception {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).maxFileBytes(1500).build()) {
      recordAll(sink, 1, 5);
    }
    List<Path> files = JsonlAuditSink.files(log());
    Path empty = dir.resolve("audit.jsonl." + files.size());
    Files.createFile(empty);
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).maxFileBytes(1500).build()) {
      assertThat(sink.recovery().file()).isEqualTo(empty);
      assertThat(sink.recovery().head().recordNo()).isEqualTo(5);
      recordAll(sink, 1, 2);
    }
    assertThat(verify().status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(verify().records()).isEqualTo(7);
  }

  @Test
  void hmacProtectedLogVerifiesOnlyWithTheRightKey() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).hmacKey(key).build()) {
      recordAll(sink, 1, 5);
    }
    assertThat(LogFiles.lines(log())).allMatch(l -> l.matches(".*,\"mac\":\"[0-9a-f]{64}\"}"));
    VerificationResult ok = AuditVerifier.builder().hmacKey(key).build()
        .verify(List.of(log()));
    assertThat(ok.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(ok.macVerified()).isTrue();
    byte[] wrong = key.clone();
    wrong[0] ^= 1;
    VerificationResult bad = AuditVerifier.builder().hmacKey(wrong).build()
        .verify(List.of(log()));
    assertThat(bad.status()).isEqualTo(VerificationResult.Status.TAMPERED);
    assertThat(bad.finding().get().problem()).isEqualTo(VerificationProblem.BAD_MAC);
    assertThat(bad.finding().get().location().line()).isEqualTo(1);
    VerificationResult noKey = AuditVerifier.withoutKey().verify(List.of(log()));
    assertThat(noKey.passed()).isTrue();
    assertThat(noKey.notes()).anyMatch(n -> n.contains("not checked"));
  }

  @Test
  void aMacProtectedLogIsNotContinuedWithAnotherKeyOrWithoutKey() {
    byte[] key = new byte[32];
    key[5] = 7;
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).hmacKey(key).build()) {
      recordAll(sink, 1, 2);
    }
    byte[] other = new byte[32];
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).hmacKey(other).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("wrong HMAC");
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("no key");
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).hmacKey(key).firstSequence(0)
        .build()) {
      sink.record(event(3));
    }
  }

  @Test
  void aPlainLogIsNotSilentlyContinuedWithAKey() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      recordAll(sink, 1, 2);
    }
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).hmacKey(new byte[32]).build())
        .isInstanceOf(AuditException.class).hasMessageContaining("has no HMAC");
  }

  @Test
  void redactedParametersNeverReachTheFile() {
    // As the dispatcher hands them over: secret values already replaced by a hash.
    Map<String, Object> params = new HashMap<>();
    params.put("user", "alice");
    params.put("password", "sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
    params.put("api_key", "sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      sink.record(TestEvents.decision(1, "db.login", Outcome.ALLOW, params));
    }
    String content = LogFiles.read(log());
    assertThat(content).doesNotContain("hunter2").doesNotContain("sk-live-")
        .contains("\"password\":\"sha256:");
  }

  @Test
  void builderRejectsBadOptionsNamingTheKey() {
    assertThatThrownBy(() -> JsonlAuditSink.builder(null))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.audit.jsonl.path");
    JsonlAuditSink.Builder b = JsonlAuditSink.builder(log());
    assertThatThrownBy(() -> b.maxFileBytes(0))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.max-file-bytes");
    assertThatThrownBy(() -> b.hmacKey(new byte[31]))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.hmac-key-file");
    assertThatThrownBy(() -> b.writeTimeout(Duration.ZERO))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.write-timeout");
    assertThatThrownBy(() -> b.groupCommitWindow(Duration.ofSeconds(2)))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.group-commit.window");
    assertThatThrownBy(() -> b.maxRecordBytes(4096).maxQueuedBytes(2048).build())
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.max-queued-bytes");
    assertThat(Files.exists(log())).isFalse();
  }

  @Test
  void hmacKeyFileMustExistAndBeLongEnough() throws Exception {
    Path shortKey = dir.resolve("short.key");
    Files.write(shortKey, new byte[16]);
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).hmacKeyFile(shortKey))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.hmac-key-file").hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> JsonlAuditSink.builder(log()).hmacKeyFile(dir.resolve("none")))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.audit.jsonl.hmac-key-file");
    Path good = dir.resolve("good.key");
    Files.write(good, new byte[40]);
    Files.setPosixFilePermissions(good, Set.of(PosixFilePermission.OWNER_READ));
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).hmacKeyFile(good).build()) {
      sink.record(event(1));
    }
    assertThat(AuditVerifier.builder().hmacKeyFile(good).build().verify(List.of(log()))
        .status()).isEqualTo(VerificationResult.Status.INTACT);
  }

  static String sha256(String line) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      return io.ape.audit.internal.Hex.encode(md.digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
