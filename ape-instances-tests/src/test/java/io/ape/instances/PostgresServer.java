package io.ape.instances;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own (initdb into a temporary directory, pg_ctl from
 * {@code APETEST_PG_BIN}), on a free loopback port with trust authentication for user {@code ape},
 * so that the test can stop and restart it. As root (PostgreSQL refuses to run as root) the
 * tools run as the {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean root;

  private PostgresServer(Path bin, Path data, int port, boolean root) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.root = root;
  }

  /** Creates and starts one (skips the test without {@code APETEST_PG_BIN}). */
  static PostgresServer launch() throws IOException {
    Path bin = Servers.postgresBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = Files.createTempDirectory("ape-pg-it");
    if (root) {
      UserPrincipal postgres = data.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(data, postgres);
    }
    PostgresServer server = new PostgresServer(bin, data, RedisServer.freePort(), root);
    server.run("initdb", "-D", data.toString(), "-U", "ape", "-A", "trust", "-E", "UTF8",
        "--no-locale");
    server.start();
    return server;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  void start() {
    run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l",
        data.resolve("server.log").toString(), "-o", "-p " + port
            + " -c listen_addresses=127.0.0.1 -c fsync=on -k " + data, "start");
  }

  /** Stops it: {@code pg_ctl stop -m fast} (connections are cut, open transactions roll back). */
  void stop() {
    run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  private void run(String tool, String... arguments) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(arguments));
    Path log = data.resolveSibling(data.getFileName() + ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " failed: "
            + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    } catch (RuntimeException e) {
      // not running
    }
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(data)) {
      walk.sorted(Comparator.reverseOrder()).forEach(files::add);
    }
    for (Path p : files) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".log"));
  }
}
