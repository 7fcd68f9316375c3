package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.AuditSinkContract;
import io.ape.testkit.Providers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jsonl} provider, as the engine selects it ({@code ape.audit.sinks=jsonl},
 * group commit), passes the AuditSink contract with read-back.
 */
class JsonlProviderAuditSinkContractTest extends AuditSinkContract
    implements AuditSinkContract.ReadBack {
  @TempDir
  Path dir;
  private final AtomicInteger sinks = new AtomicInteger();

  @Override
  public AuditSink newSink() {
    Path log = dir.resolve("audit-" + sinks.incrementAndGet() + ".jsonl");
    return Providers.load(AuditSinkProvider.class, "jsonl").create(new ProviderContext(Map.of(
        "ape.audit.jsonl.path", log.toString(),
        "ape.audit.jsonl.durability", "group-commit"), Clock.systemUTC()));
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    return JsonlAuditSinkContractTest.read(((JsonlAuditSink) sink).path());
  }
}
