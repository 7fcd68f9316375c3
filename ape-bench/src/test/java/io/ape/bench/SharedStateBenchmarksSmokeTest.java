package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Collection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs each shared-state benchmark once, briefly, against the real servers (they must work, not
 * be fast); skipped without the servers, required with {@code APETEST_REQUIRE_SERVERS=true}.
 */
class SharedStateBenchmarksSmokeTest {
  @Test
  void theRedisAndJdbcBenchmarksRun() throws Exception {
    if (!SharedStateServers.available()) {
      String why = "APETEST_REDIS_URI / APETEST_PG_URL are not set: start the servers with "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run the shared-state benchmarks";
      if ("true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_SERVERS"))) {
        fail("APETEST_REQUIRE_SERVERS=true, but " + why);
      }
      Assumptions.abort(why);
    }
    Options options = new OptionsBuilder()
        .include("io\\.ape\\.bench\\.(RedisLimitLedger|JdbcAuditSink|RedisGuardedCall"
            + "|JdbcAuditGuardedCall)Benchmark\\..*")
        .forks(0).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200)).threads(2)
        .shouldFailOnError(true).timeout(TimeValue.seconds(60))
        .build();
    Collection<RunResult> results = new Runner(options).run();
    // 3 Redis + 3 JDBC sink benchmarks, 2 + 3 guarded-call ones, each in two modes
    assertThat(results).hasSize(22);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount())
        .isPositive());
  }
}
