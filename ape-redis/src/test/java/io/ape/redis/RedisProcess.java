package io.ape.redis;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server of a test's own, for tests that kill and restart it (the shared server of
 * {@code scripts/test-servers.sh} must stay up). Persistence is on ({@code appendfsync always}),
 * as in a deployment that must not lose counters in a restart. The binary is
 * {@code APETEST_REDIS_SERVER}, else {@code redis-server} on the PATH.
 */
final class RedisProcess implements AutoCloseable {
  private final String binary;
  private final Path dir;
  private final int port;
  private final List<String> extra;
  private Process process;

  private RedisProcess(String binary, Path dir, int port, List<String> extra) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extra = extra;
  }

  /** Starts a server (skips the test, or fails it when servers are required, without a binary). */
  static RedisProcess launch(String... extraArguments) {
    String binary = System.getenv("APETEST_REDIS_SERVER");
    if (binary == null || binary.isBlank() || !Files.isExecutable(Path.of(binary))) {
      String why = "APETEST_REDIS_SERVER (the redis-server binary) is not set: run "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run this test";
      if (TestRedis.required()) {
        fail("APETEST_REQUIRE_SERVERS=true, but " + why);
      }
      Assumptions.abort(why);
    }
    try {
      RedisProcess p = new RedisProcess(binary, Files.createTempDirectory("ape-redis-test"),
          freePort(), List.of(extraArguments));
      p.start();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** (Re)starts the server on the same port and data directory; returns once it accepts clients. */
  void start() {
    List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
        "--appendfsync", "always"));
    cmd.addAll(extra);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.contains("Ready to accept connections")) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    try {
      if (!ready.get(30, TimeUnit.SECONDS)) {
        fail("redis-server exited before it was ready");
      }
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("redis-server did not start on port " + port, e);
    }
    // keep draining its output so that it never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException e) {
        // the process ended
      }
    });
  }

  /** SIGKILL: no shutdown, no final save. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
