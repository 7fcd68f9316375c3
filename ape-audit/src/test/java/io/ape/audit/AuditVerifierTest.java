package io.ape.audit;

import static io.ape.audit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.audit.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering is detected, and the first bad record is named. */
class AuditVerifierTest {
  private static final byte[] KEY =
      "an-hmac-key-of-at-least-32-bytes!!".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private Path write(String name, int records, byte[] key) {
    Path log = dir.resolve(name);
    JsonlAuditSink.Builder b = JsonlAuditSink.builder(log);
    if (key != null) {
      b.hmacKey(key);
    }
    try (JsonlAuditSink sink = b.build()) {
      for (long s = 1; s <= records; s++) {
        sink.record(event(s));
      }
    }
    return log;
  }

  private static VerificationResult verify(Path... files) {
    return AuditVerifier.withoutKey().verify(List.of(files));
  }

  private static VerificationFinding tampered(VerificationResult r) {
    assertThat(r.status()).isEqualTo(VerificationResult.Status.TAMPERED);
    assertThat(r.passed()).isFalse();
    return r.finding().orElseThrow();
  }

  @Test
  void anIntactLogPasses() {
    Path log = write("a.jsonl", 5, null);
    VerificationResult r = verify(log);
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    assertThat(r.records()).isEqualTo(5);
    assertThat(r.head().recordNo()).isEqualTo(5);
    assertThat(r.toText()).startsWith("INTACT");
    assertThat(r.toJson()).contains("\"status\":\"INTACT\"").contains("\"passed\":true");
  }

  @Test
  void editedFieldIsDetectedAndTheEditedRecordNamed() {
    Path log = write("a.jsonl", 6, null);
    List<String> lines = LogFiles.lines(log);
    lines.set(2, lines.get(2).replace("\"decision\":\"ALLOW\"", "\"decision\":\"DENY\""));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORD_EDITED);
    assertThat(f.location().line()).isEqualTo(3);
    assertThat(f.location().recordNo()).isEqualTo(3);
    assertThat(f.location().sequence()).isEqualTo(3);
    assertThat(f.location().file()).isEqualTo(log);
  }

  @Test
  void editedFieldWithValidJsonButOtherFormIsMalformed() {
    Path log = write("a.jsonl", 3, null);
    List<String> lines = LogFiles.lines(log);
    lines.set(1, lines.get(1).replace("{\"v\":1,", "{\"v\": 1,"));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.MALFORMED_RECORD);
    assertThat(f.location().line()).isEqualTo(2);
    assertThat(f.detail()).contains("canonical");
  }

  @Test
  void duplicateKeySmugglingIsMalformed() {
    Path log = write("a.jsonl", 3, null);
    List<String> lines = LogFiles.lines(log);
    lines.set(1, lines.get(1).replace("\"parameters\":{\"path\":\"/tmp/f2\"}",
        "\"parameters\":{\"path\":\"/tmp/f2\",\"path\":\"/etc/shadow\"}"));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.MALFORMED_RECORD);
    assertThat(f.location().line()).isEqualTo(2);
  }

  @Test
  void deletedLineIsDetected() {
    Path log = write("a.jsonl", 6, null);
    List<String> lines = LogFiles.lines(log);
    lines.remove(3);
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_MISSING);
    assertThat(f.location().line()).isEqualTo(4);
    assertThat(f.location().recordNo()).isEqualTo(5);
    assertThat(f.detail()).contains("expected record 4");
  }

  @Test
  void swappedLinesAreDetected() {
    Path log = write("a.jsonl", 6, null);
    List<String> lines = LogFiles.lines(log);
    String l2 = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, l2);
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_REORDERED);
    assertThat(f.location().line()).isEqualTo(3);
    assertThat(f.location().recordNo()).isEqualTo(4);
  }

  @Test
  void duplicatedLineIsDetected() {
    Path log = write("a.jsonl", 4, null);
    List<String> lines = LogFiles.lines(log);
    lines.add(2, lines.get(1));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_REORDERED);
    assertThat(f.location().line()).isEqualTo(3);
  }

  @Test
  void truncationMidLineAtTheEndIsATornTailNotTampering() {
    Path log = write("a.jsonl", 4, null);
    String content = LogFiles.read(log);
    LogFiles.writeRaw(log, content.substring(0, content.length() - 40));
    VerificationResult r = verify(log);
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT_WITH_TORN_TAIL);
    assertThat(r.passed()).isTrue();
    assertThat(r.records()).isEqualTo(3);
    assertThat(r.tornTail().orElseThrow().line()).isEqualTo(4);
    assertThat(r.toText()).contains("torn");
  }

  @Test
  void truncationMidLineInsideTheLogIsTampering() {
    Path log = write("a.jsonl", 5, null);
    List<String> lines = LogFiles.lines(log);
    lines.set(2, lines.get(2).substring(0, 50));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.MALFORMED_RECORD);
    assertThat(f.location().line()).isEqualTo(3);
  }

  @Test
  void aNaivelyForgedAppendedLineIsDetected() {
    Path log = write("a.jsonl", 3, null);
    List<String> lines = LogFiles.lines(log);
    String forged = lines.get(2).replace("\"recordNo\":3", "\"recordNo\":4")
        .replace("\"sequence\":3", "\"sequence\":4");
    lines.add(forged);
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.CHAIN_BROKEN);
    assertThat(f.location().line()).isEqualTo(4);
  }

  @Test
  void aForgedLineWithARecomputedChainIsCaughtByTheMac() throws Exception {
    Path log = write("a.jsonl", 3, KEY);
    List<String> lines = LogFiles.lines(log);
    String prev = JsonlAuditSinkTest.sha256(lines.get(2));
    String body = lines.get(2).substring(0, lines.get(2).indexOf(",\"recordNo\""))
        .replace("\"sequence\":3", "\"sequence\":4").replace("ALLOW", "DENY");
    String record = body + ",\"recordNo\":4,\"prev\":\"" + prev + "\"";
    byte[] attackerKey = new byte[32];
    String forged = record + ",\"mac\":\"" + hmac(attackerKey, record + "}") + "\"}";
    lines.add(forged);
    LogFiles.write(log, lines);
    // Without the key, the forgery chains correctly and cannot be told apart.
    assertThat(verify(log).passed()).isTrue();
    VerificationResult r = AuditVerifier.builder().hmacKey(KEY).build().verify(List.of(log));
    VerificationFinding f = tampered(r);
    assertThat(f.problem()).isEqualTo(VerificationProblem.BAD_MAC);
    assertThat(f.location().line()).isEqualTo(4);
    // A forgery that simply leaves the MAC out is caught as well.
    lines.set(3, record + "}");
    LogFiles.write(log, lines);
    VerificationFinding missing = tampered(
        AuditVerifier.builder().hmacKey(KEY).build().verify(List.of(log)));
    assertThat(missing.problem()).isEqualTo(VerificationProblem.MISSING_MAC);
  }

  @Test
  void anEditWithAValidLookingMacIsCaughtAtTheEditedRecord() {
    Path log = write("a.jsonl", 5, KEY);
    List<String> lines = LogFiles.lines(log);
    lines.set(4, lines.get(4).replace("/tmp/f5", "/tmp/f6"));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(
        AuditVerifier.builder().hmacKey(KEY).build().verify(List.of(log)));
    assertThat(f.problem()).isEqualTo(VerificationProblem.BAD_MAC);
    assertThat(f.location().line()).isEqualTo(5);
  }

  @Test
  void anInsertedLineIsNamed() {
    Path log = write("a.jsonl", 5, null);
    List<String> lines = LogFiles.lines(log);
    lines.add(2, lines.get(1).replace("/tmp/f2", "/tmp/evil"));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    // The inserted copy has record number 2 where 3 is expected.
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_REORDERED);
    assertThat(f.location().line()).isEqualTo(3);
  }

  @Test
  void anInsertedLineBetweenTwoChainedRecordsIsNamedAsInserted() {
    Path log = write("a.jsonl", 5, null);
    List<String> lines = LogFiles.lines(log);
    // A record that claims the next number but cannot produce the right prev.
    String fake = lines.get(2).replace("/tmp/f3", "/tmp/evil").replaceFirst(
        "\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + "ab".repeat(32) + "\"");
    lines.add(2, fake);
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORD_INSERTED);
    assertThat(f.location().line()).isEqualTo(3);
  }

  @Test
  void aCopyThatChainsCorrectlyIsCaughtWhenTheOriginalFollows() {
    Path log = write("a.jsonl", 5, null);
    List<String> lines = LogFiles.lines(log);
    lines.add(2, lines.get(2).replace("/tmp/f3", "/tmp/evil"));
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORDS_REORDERED);
    assertThat(f.location().line()).isEqualTo(4);
  }

  @Test
  void splicedFilesAreDetected() {
    Path a = write("a.jsonl", 4, null);
    Path b = write("b.jsonl", 4, null);
    VerificationFinding f = tampered(verify(a, b));
    assertThat(f.problem()).isEqualTo(VerificationProblem.BROKEN_FILE_CHAIN);
    assertThat(f.location().file()).isEqualTo(b);
    assertThat(f.location().line()).isEqualTo(1);
  }

  @Test
  void linesSplicedFromAnotherLogAreDetected() {
    Path a = write("a.jsonl", 6, null);
    Path c = dir.resolve("c.jsonl");
    try (JsonlAuditSink sink = JsonlAuditSink.builder(c).build()) {
      for (long s = 1; s <= 6; s++) {
        sink.record(TestEvents.decision(s, "other.action", io.ape.api.Outcome.DENY,
            java.util.Map.of("x", s)));
      }
    }
    List<String> spliced = new ArrayList<>(LogFiles.lines(a).subList(0, 3));
    spliced.addAll(LogFiles.lines(c).subList(3, 6));
    Path out = dir.resolve("spliced.jsonl");
    LogFiles.write(out, spliced);
    VerificationFinding f = tampered(verify(out));
    // The link between line 3 and line 4 is broken; lines 4 to 6 chain among themselves.
    assertThat(f.problem()).isEqualTo(VerificationProblem.RECORD_EDITED);
    assertThat(f.location().line()).isEqualTo(3);
    assertThat(f.detail()).contains("line 4");
  }

  @Test
  void filesGivenOutOfOrderAreDetected() {
    Path log = dir.resolve("r.jsonl");
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).maxFileBytes(1500).build()) {
      for (long s = 1; s <= 12; s++) {
        sink.record(event(s));
      }
    }
    List<Path> files = new ArrayList<>(JsonlAuditSink.files(log));
    assertThat(files.size()).isGreaterThanOrEqualTo(3);
    assertThat(AuditVerifier.withoutKey().verify(files).passed()).isTrue();
    Path second = files.remove(1);
    files.add(second);
    VerificationFinding f = tampered(AuditVerifier.withoutKey().verify(files));
    assertThat(f.problem()).isEqualTo(VerificationProblem.BROKEN_FILE_CHAIN);
    // A missing middle segment breaks the cross-file chain as well.
    List<Path> all = JsonlAuditSink.files(log);
    VerificationFinding gap = tampered(AuditVerifier.withoutKey().verify(
        List.of(all.get(0), all.get(2))));
    assertThat(gap.problem()).isEqualTo(VerificationProblem.BROKEN_FILE_CHAIN);
    assertThat(gap.location().file()).isEqualTo(all.get(2));
  }

  @Test
  void removedHeadOfTheLogIsDetectedUnlessContinuationIsAllowed() {
    Path log = write("a.jsonl", 5, null);
    List<String> lines = LogFiles.lines(log);
    lines.remove(0);
    LogFiles.write(log, lines);
    VerificationFinding f = tampered(verify(log));
    assertThat(f.problem()).isEqualTo(VerificationProblem.BAD_CHAIN_START);
    assertThat(AuditVerifier.builder().allowContinuation(true).build()
        .verify(List.of(log)).passed()).isTrue();
  }

  @Test
  void recordsCutOffTheEndAreDetectedAgainstAnExpectedHead() {
    Path log = dir.resolve("a.jsonl");
    ChainHead head;
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).build()) {
      for (long s = 1; s <= 5; s++) {
        sink.record(event(s));
      }
      head = sink.head();
    }
    AuditVerifier withHead = AuditVerifier.builder().expectHead(head).build();
    assertThat(withHead.verify(List.of(log)).passed()).isTrue();
    List<String> lines = LogFiles.lines(log);
    lines.remove(4);
    LogFiles.write(log, lines);
    assertThat(verify(log).passed()).isTrue();
    VerificationFinding f = tampered(withHead.verify(List.of(log)));
    assertThat(f.problem()).isEqualTo(VerificationProblem.HEAD_MISMATCH);
  }

  @Test
  void theNoteAboutCutOffRecordsIsGivenOnlyWithoutAnExpectedHead() {
    Path log = dir.resolve("a.jsonl");
    ChainHead head;
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).build()) {
      sink.record(event(1));
      head = sink.head();
    }
    String cutOff = "no expected head given";
    assertThat(verify(log).notes()).anyMatch(n -> n.startsWith(cutOff));
    assertThat(AuditVerifier.builder().expectHead(head).build().verify(List.of(log)).notes())
        .noneMatch(n -> n.startsWith(cutOff));
    assertThat(AuditVerifier.builder().expectHeadHash(head.hash()).build()
        .verify(List.of(log)).notes()).noneMatch(n -> n.startsWith(cutOff));
  }

  @Test
  void aLineLongerThanTheLimitIsReported() throws Exception {
    Path log = write("a.jsonl", 2, null);
    Files.writeString(log, "x".repeat(5000) + "\n", java.nio.file.StandardOpenOption.APPEND);
    VerificationFinding f = tampered(AuditVerifier.builder().maxLineBytes(2048).build()
        .verify(List.of(log)));
    assertThat(f.problem()).isEqualTo(VerificationProblem.LINE_TOO_LONG);
    assertThat(f.location().line()).isEqualTo(3);
  }

  @Test
  void aMissingFileIsReportedAndNoFilesIsAnError() {
    VerificationFinding f = tampered(verify(dir.resolve("nope.jsonl")));
    assertThat(f.problem()).isEqualTo(VerificationProblem.MISSING_FILE);
    assertThatThrownBy(() -> AuditVerifier.withoutKey().verify(List.of()))
        .isInstanceOf(ApeConfigurationException.class);
  }

  @Test
  void tamperedResultRendersAsTextAndJson() {
    Path log = write("a.jsonl", 4, null);
    List<String> lines = LogFiles.lines(log);
    lines.remove(1);
    LogFiles.write(log, lines);
    VerificationResult r = verify(log);
    assertThat(r.toText()).startsWith("TAMPERED").contains("RECORDS_MISSING")
        .contains(log + ":2");
    assertThat(r.toJson()).contains("\"problem\":\"RECORDS_MISSING\"")
        .contains("\"line\":2").contains("\"passed\":false");
  }

  private static String hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Hex.encode(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
