package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child JVM of {@link SigkillTest}: performs "guarded calls" in per-record mode, each one
 * recording its start durably before it touches its marker file (the stand-in for the tool's
 * side effect), and prints {@code DONE <step>} after each call. It runs until it is killed.
 */
public final class SigkillChild {
  private SigkillChild() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    Path markers = Path.of(args[1]);
    String run = args[2];
    PrintStream out = System.out;
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).durability(Durability.PER_RECORD)
        .maxFileBytes(6 * 1024).build()) {
      out.println("READY " + sink.recovery().head().recordNo());
      out.flush();
      long seq = 0;
      for (int step = 1; step <= 10_000; step++) {
        Instant now = Instant.now();
        sink.record(AuditEvent.builder(AuditEventType.DECISION, now).session(run).step(step)
            .action("fs.write").decision(Outcome.ALLOW).reason("allowed").detail("run", run)
            .build().withSequence(++seq));
        sink.record(AuditEvent.builder(AuditEventType.TOOL_EXECUTION_STARTED, now).session(run)
            .step(step).action("fs.write").tool("write_file").detail("run", run)
            .build().withSequence(++seq));
        Files.createFile(markers.resolve(run + "-" + step));
        sink.record(AuditEvent.builder(AuditEventType.TOOL_EXECUTION_FINISHED, now)
            .session(run).step(step).action("fs.write").tool("write_file")
            .detail("run", run).detail("outcome", "ok").build().withSequence(++seq));
        out.println("DONE " + step);
        out.flush();
      }
    }
  }
}
