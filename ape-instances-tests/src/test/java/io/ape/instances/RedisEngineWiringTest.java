package io.ape.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskBudgetExceededException;
import io.ape.core.orchestrator.OrchestrationResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's shared-state wiring on a real Redis, in one JVM. Two engines configured with
 * {@code ape.state=redis} on one Redis are two instances of one deployment: a window of the plan path admits its limit once across both, a session opened on
 * one is found on the other with the same budgets, and its end on one is seen by the other.
 * Needs {@code APETEST_REDIS_URI} ({@code scripts/test-servers.sh start}); skipped without it (failed
 * when {@code APETEST_REQUIRE_SERVERS=true}).
 */
class RedisEngineWiringTest {
  static final String FILES = """
      name: files
      version: "1"
      default_decision: deny
      allowed_actions: [read_file, write_file]
      rate_limits:
        global_per_minute: 3
        max_cumulative_risk: 0.5
      """;

  @TempDir
  Path dir;
  String uri;
  final String prefix = "e" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final AtomicInteger writes = new AtomicInteger();

  @BeforeEach
  void redis() {
    uri = Servers.redisUri();
  }

  ApeEngine instance() {
    ApeEngine e = ApeEngine.builder()
        .policyFile(write(dir.resolve("p.yaml"), FILES))
        .configuration(Map.of("ape.state", "redis", "ape.redis.uri", uri,
            "ape.redis.prefix", prefix))
        .build();
    e.registerTool("read_file", args -> "contents");
    e.registerTool("write_file", args -> {
      writes.incrementAndGet();
      return "ok";
    });
    return e;
  }

  static Path write(Path file, String text) {
    try {
      return java.nio.file.Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void twoInstancesOnOneRedisAdmitAPlanPathWindowOnce() {
    try (ApeEngine one = instance(); ApeEngine two = instance()) {
      assertThat(one.sharedState().describe()).contains("redis");
      List<OrchestrationResult> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(one.orchestrator().execute("Read the config.json file"));
        results.add(two.orchestrator().execute("Read the config.json file"));
      }
      assertThat(results).filteredOn(OrchestrationResult::success).hasSize(3);
      assertThat(results).filteredOn(r -> !r.success()).allSatisfy(r ->
          assertThat(r.exception()).isInstanceOf(RateLimitExceededException.class));
    }
  }

  @Test
  void aSessionOpenedOnOneInstanceIsFoundOnTheOtherSharesItsBudgetAndEndsEverywhere() {
    try (ApeEngine one = instance(); ApeEngine two = instance()) {
      AgentSession s = one.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("write_file", Map.of("path", "a", "content", "x")).executed()).isTrue();
      AgentSession there = two.findSession(s.tenantId(), s.id()).orElseThrow();
      GuardedCallResult over = there.call("write_file", Map.of("path", "b", "content", "x"));
      assertThat(over.status()).isEqualTo(CallStatus.RATE_LIMITED);
      assertThat(over.error()).isInstanceOf(RiskBudgetExceededException.class);
      s.close();
      assertThat(there.call("read_file", Map.of("path", "c")).status())
          .isEqualTo(CallStatus.INVALID);
      assertThat(two.findSession(s.tenantId(), s.id())).isEmpty();
      assertThat(writes).hasValue(1);
    }
  }
}
