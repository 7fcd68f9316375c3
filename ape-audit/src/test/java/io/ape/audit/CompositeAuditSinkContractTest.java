package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.audit.internal.CompositeAuditSink;
import io.ape.audit.internal.FileChannelOpener;
import io.ape.spi.AuditSink;
import io.ape.testkit.AuditSinkContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composite of {@link AuditSinks#composite} (what {@code ape.audit.sinks=a,b} builds)
 * passes the AuditSink contract: read back from, and failed through, one of its two JSON-lines
 * sinks.
 */
class CompositeAuditSinkContractTest extends AuditSinkContract
    implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
  @TempDir
  Path dir;
  private final AtomicInteger sinks = new AtomicInteger();
  private final Map<AuditSink, FaultyChannel.Faults> faults = new ConcurrentHashMap<>();
  private final Map<AuditSink, Path> firstLog = new ConcurrentHashMap<>();

  @Override
  public AuditSink newSink() {
    int n = sinks.incrementAndGet();
    FaultyChannel.Faults f = new FaultyChannel.Faults();
    FileChannelOpener real = FileChannelOpener.defaults();
    Path first = dir.resolve("first-" + n + ".jsonl");
    JsonlAuditSink a = JsonlAuditSink.builder(first).durability(Durability.PER_RECORD)
        .channelOpener((p, o) -> new FaultyChannel(real.open(p, o), f)).build();
    JsonlAuditSink b = JsonlAuditSink.builder(dir.resolve("second-" + n + ".jsonl")).build();
    AuditSink composite = AuditSinks.composite(a, b);
    org.assertj.core.api.Assertions.assertThat(composite).isInstanceOf(CompositeAuditSink.class);
    faults.put(composite, f);
    firstLog.put(composite, first);
    return composite;
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    return JsonlAuditSinkContractTest.read(firstLog.get(sink));
  }

  @Override
  public void failWrites(AuditSink sink) {
    faults.get(sink).writeBudget.set(0);
  }
}
