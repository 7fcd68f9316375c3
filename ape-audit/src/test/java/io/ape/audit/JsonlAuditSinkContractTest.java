package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.audit.internal.FileChannelOpener;
import io.ape.spi.AuditSink;
import io.ape.testkit.AuditSinkContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines sink (per-record durability) passes the AuditSink contract, with read-back
 * (the log is read with {@link AuditReader}) and failure injection (a disk that stops taking
 * bytes, through {@link FaultyChannel}).
 */
class JsonlAuditSinkContractTest extends AuditSinkContract
    implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
  @TempDir
  Path dir;
  private final AtomicInteger sinks = new AtomicInteger();
  private final Map<AuditSink, FaultyChannel.Faults> faults = new ConcurrentHashMap<>();

  @Override
  public AuditSink newSink() {
    FaultyChannel.Faults f = new FaultyChannel.Faults();
    FileChannelOpener real = FileChannelOpener.defaults();
    JsonlAuditSink sink = JsonlAuditSink.builder(dir.resolve("audit-" + sinks.incrementAndGet()
            + ".jsonl"))
        .durability(Durability.PER_RECORD)
        .channelOpener((p, o) -> new FaultyChannel(real.open(p, o), f))
        .build();
    faults.put(sink, f);
    return sink;
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    return read(((JsonlAuditSink) sink).path());
  }

  @Override
  public void failWrites(AuditSink sink) {
    faults.get(sink).writeBudget.set(0);
  }

  static List<AuditEvent> read(Path log) {
    List<AuditEvent> out = new ArrayList<>();
    for (AuditRecord r : AuditReader.withDefaults().read(JsonlAuditSink.files(log),
        AuditQuery.all()).records()) {
      out.add(r.event());
    }
    return out;
  }
}
