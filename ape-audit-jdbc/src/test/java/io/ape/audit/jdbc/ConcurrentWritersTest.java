package io.ape.audit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Four writers (as four instances would be), 8 threads each, into one table: four gapless chains. */
class ConcurrentWritersTest {
  @Test
  void concurrentWritersKeepTheirChainsGapless() throws Exception {
    String url = TestPostgres.freshSchemaUrl();
    List<JdbcAuditSink> sinks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      for (int w = 0; w < 4; w++) {
        sinks.add(JdbcAuditSink.builder(url).user(TestPostgres.user()).writerId("instance-" + w)
            .build());
      }
      List<Future<?>> futures = new ArrayList<>();
      for (JdbcAuditSink sink : sinks) {
        for (int t = 0; t < 8; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int i = 1; i <= 50; i++) {
              sink.record(TestEvents.decision(thread * 100L + i, "s" + thread, Outcome.DENY));
            }
          }));
        }
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      sinks.forEach(JdbcAuditSink::close);
    }
    JdbcVerificationResult r = JdbcAuditVerifier.builder(url).user(TestPostgres.user()).build()
        .verify();
    assertThat(r.passed()).as(r.toText()).isTrue();
    assertThat(r.chains()).hasSize(4).allSatisfy(c -> assertThat(c.records()).isEqualTo(400));
    assertThat(TestPostgres.count(url, "SELECT count(*) FROM ape_audit_record")).isEqualTo(1600);
  }
}
