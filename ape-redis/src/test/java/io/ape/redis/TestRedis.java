package io.ape.redis;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Redis the tests run against: {@code APETEST_REDIS_URI} (set by
 * {@code scripts/test-servers.sh start}). Without it a test is skipped with a message, unless
 * {@code APETEST_REQUIRE_SERVERS=true} (CI), where it fails.
 */
final class TestRedis {
  static final String URI_VARIABLE = "APETEST_REDIS_URI";

  private TestRedis() {}

  /** The URI, or skips (fails when servers are required). */
  static String uri() {
    String uri = System.getenv(URI_VARIABLE);
    if (uri == null || uri.isBlank()) {
      String why = URI_VARIABLE + " is not set: start a real Redis with "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run this test";
      if (required()) {
        fail("APETEST_REQUIRE_SERVERS=true, but " + why);
      }
      Assumptions.abort(why);
    }
    return uri;
  }

  /** Whether the servers must be there ({@code APETEST_REQUIRE_SERVERS=true}). */
  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_SERVERS"));
  }

  /** Whether a Redis is configured. */
  static boolean available() {
    String uri = System.getenv(URI_VARIABLE);
    return uri != null && !uri.isBlank();
  }

  /** A prefix no other test uses. */
  static String freshPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A state under a fresh prefix with the system clock. */
  static RedisSharedState state() {
    return RedisSharedState.connect(RedisStateSettings.of(uri()).withPrefix(freshPrefix()),
        Clock.systemUTC());
  }

  /** A plain client for inspecting what the state stored. */
  static Inspector inspector(String uri) {
    return new Inspector(uri);
  }

  /** Direct access to the Redis a state uses (keys, TTLs, DBSIZE). */
  static final class Inspector implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    Inspector(String uri) {
      client = RedisClient.create(uri);
      connection = client.connect();
    }

    RedisCommands<String, String> redis() {
      return connection.sync();
    }

    /** Every key of a prefix ({@code {p}:*} and {@code p:*}). */
    List<String> keys(String prefix) {
      List<String> out = new ArrayList<>();
      for (String pattern : new String[] {"\\{" + prefix + "\\}:*", prefix + ":*"}) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
          KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(pattern)
              .limit(1000));
          out.addAll(page.getKeys());
          cursor = page;
        } while (!cursor.isFinished());
      }
      return out;
    }

    /** Deletes every key of a prefix. */
    void deleteAll(String prefix) {
      List<String> keys = keys(prefix);
      for (int i = 0; i < keys.size(); i += 500) {
        redis().del(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(new String[0]));
      }
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
