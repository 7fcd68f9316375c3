package io.ape.audit.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own, for tests that stop and restart it: initdb into a temp
 * directory and pg_ctl from {@code APETEST_PG_BIN} (exported by {@code scripts/test-servers.sh}),
 * listening on a free loopback port with trust authentication. As root (PostgreSQL refuses to
 * run as root) the tools run as the {@code postgres} user.
 */
final class PostgresProcess implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean root;

  private PostgresProcess(Path bin, Path data, int port, boolean root) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.root = root;
  }

  static PostgresProcess launch() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = Files.createTempDirectory("ape-pg-test");
    if (root) {
      UserPrincipal postgres = data.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(data, postgres);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PostgresProcess p = new PostgresProcess(bin, data, port, root);
    p.run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "ape", "-A", "trust",
        "-E", "UTF8", "--no-locale");
    p.start();
    return p;
  }

  private static Path binaries() {
    String env = System.getenv("APETEST_PG_BIN");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env, "pg_ctl"))) {
      return Path.of(env);
    }
    String why = "APETEST_PG_BIN (the directory of initdb and pg_ctl) is not set: run "
        + "`eval \"$(scripts/test-servers.sh start)\"` to run this test";
    if (TestPostgres.required()) {
      fail("APETEST_REQUIRE_SERVERS=true, but " + why);
    }
    Assumptions.abort(why);
    return null;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  void start() {
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
        data.resolve("postmaster.out").toString(), "-o", "-p " + port
            + " -c listen_addresses=127.0.0.1 -k " + data, "start");
  }

  /** Stops at once, as a crash would (no checkpoint; recovery at the next start). */
  void crash() {
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
        "stop");
  }

  private void run(String... command) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log().toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " failed: "
            + Files.readString(log()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Path log() {
    return data.resolveSibling(data.getFileName() + ".log");
  }

  @Override
  public void close() throws Exception {
    try {
      crash();
    } catch (RuntimeException e) {
      // already stopped
    }
    try (var files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.deleteIfExists(log());
  }
}
