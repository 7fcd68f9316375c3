package io.ape.bench;

/**
 * The real servers the shared-state benchmarks need: {@code APETEST_REDIS_URI}, {@code APETEST_PG_URL},
 * {@code APETEST_PG_USER}, as printed by {@code scripts/test-servers.sh start}. A benchmark whose
 * server is missing fails its setup with this message (JMH reports it and goes on).
 */
final class SharedStateServers {
  private SharedStateServers() {}

  static String redisUri() {
    return require("APETEST_REDIS_URI");
  }

  static String postgresUrl() {
    return require("APETEST_PG_URL");
  }

  static String postgresUser() {
    String user = System.getenv("APETEST_PG_USER");
    return user == null || user.isBlank() ? "ape" : user;
  }

  static boolean available() {
    return present("APETEST_REDIS_URI") && present("APETEST_PG_URL");
  }

  private static boolean present(String name) {
    String v = System.getenv(name);
    return v != null && !v.isBlank();
  }

  private static String require(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: this benchmark needs the real "
          + "servers; run `eval \"$(scripts/test-servers.sh start)\"` first (skipped)");
    }
    return v;
  }
}
