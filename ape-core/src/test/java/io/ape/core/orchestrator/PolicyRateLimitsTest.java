package io.ape.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.RateLimitExceededException;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file's {@code rate_limits} section is enforced by the orchestrator by default. */
class PolicyRateLimitsTest {
  static final String BASE = "name: limited\nversion: \"1.0\"\ndefault_decision: deny\n"
      + "allowed_actions: [read_file, list_directory]\n";

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  ApeOrchestrator orch;

  @AfterEach
  void close() {
    if (orch != null) {
      orch.close();
    }
  }

  ApeOrchestrator.Builder builder(String rateLimits) throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, BASE + rateLimits);
    return ApeOrchestrator.builder().policyFile(p).clock(clock)
        .tool("read_file", params -> {
          calls.add("read_file " + params.get("path"));
          return "contents";
        });
  }

  static Map<String, Map<String, Object>> path(String path) {
    return Map.of("read_file", Map.of("path", path));
  }

  @Test
  void aPerMinuteActionLimitInThePolicyFileRefusesTheThirdReadUntilTheWindowPasses()
      throws IOException {
    orch = builder("rate_limits: {actions: {read_file: {per_minute: 2}}}\n").build();

    assertThat(orch.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThat(orch.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThatThrownBy(() -> orch.executeOrThrow("Read the config.json file"))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo("action:read_file/per_minute"));
    OrchestrationResult refused = orch.execute("Read the config.json file");
    assertThat(refused.success()).isFalse();
    assertThat(refused.exception()).isInstanceOf(RateLimitExceededException.class);
    assertThat(refused.steps()).extracting(StepReport::status)
        .containsExactly(StepStatus.RATE_LIMITED);
    assertThat(calls).hasSize(2);

    clock.advance(Duration.ofSeconds(59));
    assertThat(orch.execute("Read the config.json file").success()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(orch.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThat(calls).hasSize(3);
  }

  @Test
  void aPerSessionLimitAppliesToEachSessionSeparatelyAndNotOutsideSessions() throws IOException {
    orch = builder("rate_limits: {per_session_per_minute: 1}\n").build();
    ApeSession alice = orch.createSession("alice", Duration.ofMinutes(30));
    ApeSession bob = orch.createSession("bob", Duration.ofMinutes(30));

    assertThat(alice.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThatThrownBy(() -> alice.executeOrThrow("Read the config.json file"))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo("session/per_minute"));
    assertThat(bob.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThat(orch.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThat(orch.executeOrThrow("Read the config.json file").success()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(alice.executeOrThrow("Read the config.json file").success()).isTrue();
    assertThat(calls).hasSize(5);
  }

  @Test
  void aTargetPatternLimitCountsEveryPathItMatchesAsOne() throws IOException {
    orch = builder("rate_limits:\n  targets:\n    \"/data/*\": { per_minute: 1 }\n").build();

    assertThat(orch.executeOrThrow("Read the file", path("/data/a.txt")).success()).isTrue();
    assertThatThrownBy(() -> orch.executeOrThrow("Read the file", path("/DATA/sub/../b.txt")))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo("target:/data/*/per_minute"));
    assertThat(orch.executeOrThrow("Read the file", path("/other/c.txt")).success()).isTrue();
    assertThat(calls).containsExactly("read_file /data/a.txt", "read_file /other/c.txt");
  }

  @Test
  void aProgrammaticLimiterAppliesTogetherWithThePolicyFile() throws IOException {
    RateLimiter extra = RateLimiter.builder().clock(clock)
        .sessionLimit(1, Duration.ofMinutes(1)).build();
    orch = builder("rate_limits: {actions: {read_file: {per_minute: 5}}}\n")
        .rateLimiter(extra).build();
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(30));
    assertThat(extra.isSessionOpen(session.session().id())).isTrue();

    session.executeOrThrow("Read the config.json file");
    assertThatThrownBy(() -> session.executeOrThrow("Read the config.json file"))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo("session/per_minute"));

    session.end();
    assertThat(extra.isSessionOpen(session.session().id())).isFalse();
    assertThatThrownBy(() -> session.execute("Read the config.json file"))
        .isInstanceOf(io.ape.api.SessionRevokedException.class);
  }

  @Test
  void anExpiredSessionIsClosedInTheLimiter() throws IOException {
    RateLimiter extra = RateLimiter.builder().clock(clock).build();
    orch = builder("").rateLimiter(extra).build();
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(1));
    assertThat(extra.isSessionOpen(session.session().id())).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> session.execute("Read the config.json file"))
        .isInstanceOf(io.ape.api.SessionExpiredException.class);
    assertThat(extra.isSessionOpen(session.session().id())).isFalse();
  }

  @Test
  void expiredSessionsAreClosedWhenTheLimiterIsFull() throws IOException {
    RateLimiter extra = RateLimiter.builder().clock(clock).maxSessions(2).build();
    orch = builder("").rateLimiter(extra).build();
    orch.createSession("a", Duration.ofMinutes(1));
    orch.createSession("b", Duration.ofMinutes(1));
    assertThatThrownBy(() -> orch.createSession("c", Duration.ofMinutes(1)))
        .isInstanceOf(io.ape.api.SessionException.class);
    clock.advance(Duration.ofMinutes(1));
    ApeSession c = orch.createSession("c", Duration.ofMinutes(1));
    assertThat(extra.openSessions()).isEqualTo(1);
    assertThat(c.executeOrThrow("Read the config.json file").success()).isTrue();
  }

  @Test
  void eightConcurrentThreadsNeverExceedAPolicyFileLimit() throws Exception {
    int limit = 5;
    orch = builder("rate_limits: {global_per_minute: " + limit + "}\n").build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<OrchestrationResult>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return orch.execute("Read the config.json file");
        }));
      }
      start.countDown();
      List<OrchestrationResult> results = new ArrayList<>();
      for (Future<OrchestrationResult> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(results.stream().filter(OrchestrationResult::success)).hasSize(limit);
      assertThat(results.stream().filter(r -> !r.success()))
          .hasSize(8 - limit)
          .allSatisfy(r -> assertThat(r.exception()).isInstanceOf(RateLimitExceededException.class));
      assertThat(calls).hasSize(limit);
    } finally {
      pool.shutdownNow();
    }
  }
}
