package io.ape.instances;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own (the shared one of {@code scripts/test-servers.sh} must stay
 * up): on a free loopback port, with persistence on ({@code appendfsync always}, as a deployment
 * that must not lose counters), killable with SIGKILL and restartable on the same port and data.
 */
final class RedisServer implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int port;
  private final List<String> extra;
  private Process process;

  private RedisServer(Path binary, Path dir, int port, List<String> extra) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extra = extra;
  }

  /**
   * Starts one (skips the test without {@code APETEST_REDIS_SERVER}).
   *
   * @param extraArguments more redis-server arguments (e.g. ACL users)
   */
  static RedisServer launch(String... extraArguments) {
    Path binary = Servers.redisServerBinary();
    try {
      RedisServer server = new RedisServer(binary, Files.createTempDirectory("ape-redis-it"),
          freePort(), List.of(extraArguments));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** (Re)starts it; returns once it accepts connections. */
  void start() {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "",
        "--appendonly", "yes", "--appendfsync", "always"));
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
      } catch (IOException e) {
        // ended
      }
      return false;
    });
    try {
      if (!ready.get(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server exited before it was ready on " + port);
      }
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("redis-server did not start on port " + port, e);
    }
    CompletableFuture.runAsync(() -> { // keep draining its output
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException e) {
        // ended
      }
    });
  }

  /** SIGKILL: no shutdown, no final save; returns once the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not die");
    }
  }

  /**
   * The commands clients sent (not those scripts ran), by name, while {@code work} ran: read
   * with {@code redis-cli MONITOR} between two marker commands.
   */
  Map<String, Long> clientCommandsDuring(Runnable work) throws Exception {
    Path cli = binary.resolveSibling("redis-cli");
    Process monitor = new ProcessBuilder(cli.toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "monitor").redirectErrorStream(true).start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(),
        StandardCharsets.UTF_8));
    try {
      if (!"OK".equals(CompletableFuture.supplyAsync(() -> readLine(lines))
          .get(30, TimeUnit.SECONDS))) {
        throw new IllegalStateException("redis-cli monitor did not start");
      }
      echo("ape-count-start");
      work.run();
      echo("ape-count-end");
      return CompletableFuture.supplyAsync(() -> {
        Map<String, Long> counts = new TreeMap<>();
        boolean counting = false;
        String line;
        while ((line = readLine(lines)) != null) {
          if (line.contains("\"ape-count-start\"")) {
            counting = true;
          } else if (line.contains("\"ape-count-end\"")) {
            return counts;
          } else if (counting && !line.contains(" lua]")) {
            // 1733612345.123456 [0 127.0.0.1:40000] "evalsha" "..." ...
            int q = line.indexOf("] \"");
            if (q > 0) {
              String name = line.substring(q + 3, line.indexOf('"', q + 3)).toLowerCase();
              counts.merge(name, 1L, Long::sum);
            }
          }
        }
        throw new IllegalStateException("redis-cli monitor ended before the end marker");
      }).get(60, TimeUnit.SECONDS);
    } finally {
      monitor.destroyForcibly();
      monitor.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void echo(String marker) {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().echo(marker);
    } finally {
      client.shutdown();
    }
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill();
    }
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(files::add);
    }
    for (Path p : files) {
      Files.deleteIfExists(p);
    }
  }
}
