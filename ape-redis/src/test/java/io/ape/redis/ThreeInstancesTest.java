package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three instances in three JVMs (separate processes), 16 threads each, against one real Redis:
 * a window of N admits exactly N across all of them, a budget is never exceeded, each approval
 * is claimed exactly once, and a revocation made on one is seen by every read that starts after
 * it returned, on every instance.
 */
class ThreeInstancesTest {
  private String prefix;
  private String uri;

  @BeforeEach
  void setUp() {
    uri = TestRedis.uri();
    prefix = TestRedis.freshPrefix();
  }

  @AfterEach
  void cleanUp() {
    if (uri == null) {
      return;
    }
    try (TestRedis.Inspector redis = TestRedis.inspector(uri)) {
      redis.deleteAll(prefix);
    }
  }

  @Test
  void aWindowAdmitsExactlyNAndABudgetIsNeverExceededAcrossThreeJvms() throws Exception {
    List<Map<String, String>> results = runThree("limits");
    int window = sum(results, "windowAdmitted");
    int budget = sum(results, "budgetAdmitted");
    assertThat(window).isEqualTo(SharedStateWorker.WINDOW_MAX);
    assertThat(budget).isEqualTo(83);
    try (RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(uri)
        .withPrefix(prefix), Clock.systemUTC())) {
      assertThat(state.limits().used(SharedStateWorker.WINDOW, SharedStateWorker.NOW))
          .isEqualTo(SharedStateWorker.WINDOW_MAX);
      assertThat(state.limits().total("risk:shared")).isEqualTo(24.9).isLessThanOrEqualTo(25.0);
    }
  }

  @Test
  void eachApprovalIsClaimedExactlyOnceAcrossThreeJvms() throws Exception {
    List<Map<String, String>> results = runThree("claims");
    int[] wins = new int[SharedStateWorker.CLAIM_KEYS];
    for (Map<String, String> r : results) {
      for (String k : r.getOrDefault("won", "").split(",")) {
        if (!k.isEmpty()) {
          wins[Integer.parseInt(k)]++;
        }
      }
    }
    assertThat(wins).containsOnly(1);
  }

  @Test
  void aRevocationOnOneIsSeenByEveryLaterReadOnTheOthers() throws Exception {
    List<Map<String, String>> results = runThree("epochs", "revoker");
    Map<String, String> revoker = results.get(0);
    long revokeStart = Long.parseLong(revoker.get("revokeStart"));
    long revokeEnd = Long.parseLong(revoker.get("revokeEnd"));
    long worstStale = Long.MIN_VALUE;
    for (Map<String, String> r : results) {
      long lastOldStart = Long.parseLong(r.get("lastOldStart"));
      long lastOldEnd = Long.parseLong(r.get("lastOldEnd"));
      long firstNewEnd = Long.parseLong(r.get("firstNewEnd"));
      assertThat(firstNewEnd).as("every instance saw the revocation").isNotEqualTo(Long.MAX_VALUE);
      // no read that started after the revocation returned saw the old epoch
      assertThat(lastOldStart).isLessThan(revokeEnd);
      worstStale = Math.max(worstStale, lastOldEnd - revokeStart);
    }
    long revokeMicros = TimeUnit.NANOSECONDS.toMicros(revokeEnd - revokeStart);
    System.out.printf("revocation: revokeSession took %d us; the last read that still saw the old "
        + "epoch ended %d us after the revocation started; reads per instance %s; slowest read "
        + "%s us%n", revokeMicros, TimeUnit.NANOSECONDS.toMicros(worstStale),
        results.stream().map(r -> r.get("reads")).toList(),
        results.stream().map(r -> Long.parseLong(r.get("maxReadNanos")) / 1000).toList());
  }

  private static int sum(List<Map<String, String>> results, String key) {
    return results.stream().mapToInt(r -> Integer.parseInt(r.get(key))).sum();
  }

  /** Starts three workers, waits for READY from each, says GO to all, collects RESULT lines. */
  private List<Map<String, String>> runThree(String mode, String... firstExtra) throws Exception {
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC", "-Xmx128m",
            "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
            "-cp", System.getProperty("java.class.path"), SharedStateWorker.class.getName(),
            mode, uri, prefix));
        if (i == 0) {
          cmd.addAll(Arrays.asList(firstExtra));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        processes.add(p);
        outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8)));
      }
      for (BufferedReader out : outputs) {
        String line = CompletableFuture.supplyAsync(() -> readLine(out))
            .get(60, TimeUnit.SECONDS);
        assertThat(line).isEqualTo("READY");
      }
      for (Process p : processes) {
        Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        w.write("GO\n");
        w.flush();
      }
      List<CompletableFuture<Map<String, String>>> results = new ArrayList<>();
      for (BufferedReader out : outputs) {
        results.add(CompletableFuture.supplyAsync(() -> {
          Map<String, String> r = new HashMap<>();
          String line;
          while ((line = readLine(out)) != null) {
            if (line.startsWith("RESULT ")) {
              String[] parts = line.split(" ", 3);
              r.put(parts[1], parts.length > 2 ? parts[2] : "");
            }
          }
          return r;
        }));
      }
      List<Map<String, String>> out = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        out.add(results.get(i).get(120, TimeUnit.SECONDS));
        assertThat(processes.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(processes.get(i).exitValue()).isZero();
      }
      return out;
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      return null;
    }
  }
}
