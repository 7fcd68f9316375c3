package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEventType;
import io.ape.audit.AuditQuery;
import io.ape.audit.AuditReader;
import io.ape.audit.AuditVerifier;
import io.ape.audit.JsonlAuditSink;
import io.ape.audit.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit benchmark measures what it claims: each call is a real guarded call whose events
 * reach a valid hash-chained log, across plan renewals, in every mode. No timing is asserted.
 */
class AuditSinkBenchmarkTest {
  @TempDir Path dir;

  @Test
  void everyModeWritesAVerifiableLogWithOneStartRecordPerGuardedCall() throws Exception {
    for (String mode : List.of("group-commit-all", "group-commit-started", "per-record")) {
      AuditSinkBenchmark.Engine engine = new AuditSinkBenchmark.Engine();
      engine.mode = mode;
      engine.disk = "target";
      engine.baseOverride = dir;
      engine.steps = 3;
      engine.open();
      AuditSinkBenchmark.Session session = new AuditSinkBenchmark.Session();
      session.start(engine);
      AuditSinkBenchmark bench = new AuditSinkBenchmark();
      int calls = 7;
      for (int i = 0; i < calls; i++) {
        assertThat(bench.guardedCall1Thread(engine, session)).isEqualTo("data");
      }
      engine.audit.flush();
      Path log = engine.dir.resolve("audit.jsonl");
      List<Path> files = JsonlAuditSink.files(log);
      VerificationResult verified = AuditVerifier.withoutKey().verify(files);
      assertThat(verified.status()).as(mode).isEqualTo(VerificationResult.Status.INTACT);
      long started = AuditReader.withDefaults().read(files,
          AuditQuery.all().withType(AuditEventType.TOOL_EXECUTION_STARTED)).records().size();
      assertThat(started).as(mode).isEqualTo(calls);
      assertThat(Files.readString(log)).doesNotContain("not-in-the-log");
      Path written = engine.dir;
      engine.close();
      assertThat(written).doesNotExist();
    }
  }
}
