package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ape.api.AuditEventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that records guarded calls (per-record durability) with SIGKILL at 20
 * random points, on the same log. After every kill the surviving log verifies (a torn last line
 * is reported, not fatal), and every tool that started (its marker file exists) has its start
 * record. Each new child recovers the log the previous one left behind.
 */
class SigkillTest {
  private static final int KILLS = 20;
  private static final int LANES = 2;

  @TempDir Path dir;

  @Test
  void killedMidCallTheLogStaysVerifiableAndEveryStartedToolHasItsRecord() throws Exception {
    long seed = new Random().nextLong();
    // Two independent lanes (own log, own markers) run side by side to halve the wall time;
    // within a lane every child recovers the log the previously killed child left behind.
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        int l = lane;
        results.add(lanes.submit(() -> runLane(l, KILLS / LANES, new Random(seed + l), seed)));
      }
      int kills = 0;
      for (Future<Integer> f : results) {
        kills += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(kills).isEqualTo(KILLS);
    } finally {
      lanes.shutdownNow();
    }
  }

  private int runLane(int lane, int kills, Random random, long seed) throws Exception {
    Path log = Files.createDirectory(dir.resolve("lane" + lane)).resolve("audit.jsonl");
    Path markers = Files.createDirectory(dir.resolve("markers" + lane));
    for (int kill = 0; kill < kills; kill++) {
      String run = "run" + lane + "." + kill;
      int callsBeforeKill = random.nextInt(5);
      Path err = dir.resolve("child-" + run + ".err");
      Process child = start(log, markers, run, err);
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread pump = pump(child, lines);
      int done = -1;
      while (done < callsBeforeKill) {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null || line.startsWith("EOF")) {
          child.destroyForcibly();
          fail("child " + run + " stalled or died (seed " + seed + "): "
              + Files.readString(err));
        }
        if (line.startsWith("READY") || line.startsWith("DONE")) {
          done++;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pump.join(30_000);

      List<Path> files = JsonlAuditSink.files(log);
      VerificationResult result = AuditVerifier.withoutKey().verify(files);
      assertThat(result.passed()).as("%s (seed %d): %s", run, seed, result.toText()).isTrue();
      Set<String> started = new HashSet<>();
      AuditReader.withDefaults().forEach(files, AuditQuery.all()
          .withType(AuditEventType.TOOL_EXECUTION_STARTED),
          r -> started.add(r.event().details().get("run") + "-" + r.event().stepIndex()));
      Set<String> touched = markerNames(markers);
      assertThat(touched.stream().filter(n -> n.startsWith(run + "-")).count())
          .as("markers of %s", run).isGreaterThanOrEqualTo(callsBeforeKill);
      assertThat(started).as("start records (seed %d)", seed).containsAll(touched);
    }
    return kills;
  }

  private static Process start(Path log, Path markers, String run, Path err)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Fast start-up: no JIT beyond C1, no perf data, serial GC, and SLF4J's no-op provider
    // instead of initialising logback (the child's own logging is not under test).
    ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m",
        "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
        "-cp", System.getProperty("java.class.path"),
        SigkillChild.class.getName(), log.toString(), markers.toString(), run);
    pb.redirectError(err.toFile());
    return pb.start();
  }

  private static Thread pump(Process child, BlockingQueue<String> lines) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        lines.add("EOF " + e);
      }
    }, "child-stdout");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Set<String> markerNames(Path markers) throws IOException {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(markers)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }
}
