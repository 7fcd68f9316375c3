package io.ape.instances;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers these tests need, as {@code scripts/test-servers.sh start} exports them:
 * {@code APE_REDIS_URI}, {@code APE_REDIS_SERVER}, {@code APE_PG_URL}, {@code APE_PG_USER},
 * {@code APE_PG_BIN}. Without one a test is skipped with a message saying how to start them;
 * with {@code APE_REQUIRE_SERVERS=true} (CI) it fails instead.
 */
final class Servers {
  private Servers() {}

  /** Whether the servers must be there ({@code APE_REQUIRE_SERVERS=true}). */
  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("APE_REQUIRE_SERVERS"));
  }

  /** The shared Redis ({@code APE_REDIS_URI}), or skips. */
  static String redisUri() {
    return require("APE_REDIS_URI", "a real Redis");
  }

  /** The shared PostgreSQL ({@code APE_PG_URL}), or skips. */
  static String postgresUrl() {
    return require("APE_PG_URL", "a real PostgreSQL");
  }

  /** The redis-server binary ({@code APE_REDIS_SERVER}) for a server of a test's own, or skips. */
  static Path redisServerBinary() {
    Path binary = Path.of(require("APE_REDIS_SERVER", "the redis-server binary"));
    if (!Files.isExecutable(binary)) {
      skip("APE_REDIS_SERVER=" + binary + " is not executable");
    }
    return binary;
  }

  /** The directory of initdb and pg_ctl ({@code APE_PG_BIN}), or skips. */
  static Path postgresBin() {
    Path bin = Path.of(require("APE_PG_BIN", "PostgreSQL's initdb and pg_ctl"));
    if (!Files.isExecutable(bin.resolve("pg_ctl")) || !Files.isExecutable(bin.resolve("initdb"))) {
      skip("APE_PG_BIN=" + bin + " has no executable initdb and pg_ctl");
    }
    return bin;
  }

  private static String require(String variable, String what) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      skip(variable + " (" + what + ") is not set: start the test servers with "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run this test");
    }
    return value;
  }

  private static void skip(String why) {
    if (required()) {
      fail("APE_REQUIRE_SERVERS=true, but " + why);
    }
    Assumptions.abort(why);
  }
}
