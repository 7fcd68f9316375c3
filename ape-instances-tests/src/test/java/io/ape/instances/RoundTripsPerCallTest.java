package io.ape.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many commands a guarded call sends to Redis (each is one round trip: the engine sends them
 * one at a time and waits for each answer), read with {@code redis-cli MONITOR} on a
 * redis-server of the test's own (the commands scripts run inside Redis are not round trips and
 * are not counted).
 */
class RoundTripsPerCallTest {
  /** Commands of the counting connection itself. */
  private static final Set<String> OWN = Set.of("info", "hello", "client", "ping", "select",
      "command", "auth");
  static final int CALLS = 200;

  @TempDir
  Path dir;

  @Test
  void aGuardedCallWithRedisBackedLimitsMakesTheseRoundTrips() throws Exception {
    try (RedisServer redis = RedisServer.launch()) {
      Path policy = Files.writeString(dir.resolve("p.yaml"), """
          name: counted
          version: "1"
          default_decision: deny
          allowed_actions: [read_file]
          rate_limits:
            global_per_minute: 100000
            per_session_per_minute: 100000
            max_cumulative_risk: 1000
            actions: { read_file: { per_hour: 100000 } }
          """);
      try (ApeEngine engine = ApeEngine.builder().policyFile(policy)
          .configuration(Map.of("ape.state", "redis", "ape.redis.uri", redis.uri())).build()) {
        engine.registerTool("read_file", args -> "contents");
        AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
        assertThat(session.call("read_file", Map.of("path", "/w/a")).executed()).isTrue();
        Map<String, Long> sent = redis.clientCommandsDuring(() -> {
          for (int i = 0; i < CALLS; i++) {
            GuardedCallResult r = session.call("read_file", Map.of("path", "/w/" + i));
            assertThat(r.executed()).as("%s", r.error()).isTrue();
          }
        });
        Map<String, Double> perCall = new TreeMap<>();
        sent.forEach((cmd, n) -> {
          if (!OWN.contains(cmd)) {
            perCall.put(cmd, n / (double) CALLS);
          }
        });
        double total = perCall.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("round trips per guarded call: %.2f %s%n", total, perCall);
        // the session's record (is it still active everywhere?), the revocation epochs before
        // the decision, the limits after the ALLOW, the epochs again when the token is consumed
        // (see BENCHMARKS.md for why they are not merged)
        assertThat(perCall).containsExactlyInAnyOrderEntriesOf(Map.of("hgetall", 1.0,
            "evalsha", 3.0));
      }
    }
  }
}
