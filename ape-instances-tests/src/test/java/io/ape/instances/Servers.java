package io.ape.instances;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers these tests need, as {@code scripts/test-servers.sh start} exports them:
 * {@code APETEST_REDIS_URI}, {@code APETEST_REDIS_SERVER}, {@code APETEST_PG_URL}, {@code APETEST_PG_USER},
 * {@code APETEST_PG_BIN}. Without one a test is skipped with a message saying how to start them;
 * with {@code APETEST_REQUIRE_SERVERS=true} (CI) it fails instead.
 */
final class Servers {
  private Servers() {}

  /** Whether the servers must be there ({@code APETEST_REQUIRE_SERVERS=true}). */
  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_SERVERS"));
  }

  /** The shared Redis ({@code APETEST_REDIS_URI}), or skips. */
  static String redisUri() {
    return require("APETEST_REDIS_URI", "a real Redis");
  }

  /** The shared PostgreSQL ({@code APETEST_PG_URL}), or skips. */
  static String postgresUrl() {
    return require("APETEST_PG_URL", "a real PostgreSQL");
  }

  /** The redis-server binary ({@code APETEST_REDIS_SERVER}) for a server of a test's own, or skips. */
  static Path redisServerBinary() {
    Path binary = Path.of(require("APETEST_REDIS_SERVER", "the redis-server binary"));
    if (!Files.isExecutable(binary)) {
      skip("APETEST_REDIS_SERVER=" + binary + " is not executable");
    }
    return binary;
  }

  /** The directory of initdb and pg_ctl ({@code APETEST_PG_BIN}), or skips. */
  static Path postgresBin() {
    Path bin = Path.of(require("APETEST_PG_BIN", "PostgreSQL's initdb and pg_ctl"));
    if (!Files.isExecutable(bin.resolve("pg_ctl")) || !Files.isExecutable(bin.resolve("initdb"))) {
      skip("APETEST_PG_BIN=" + bin + " has no executable initdb and pg_ctl");
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
      fail("APETEST_REQUIRE_SERVERS=true, but " + why);
    }
    Assumptions.abort(why);
  }
}
