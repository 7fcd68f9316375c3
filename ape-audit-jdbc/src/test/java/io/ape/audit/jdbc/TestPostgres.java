package io.ape.audit.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL the tests run against: {@code APETEST_PG_URL} and {@code APETEST_PG_USER} (set by
 * {@code scripts/test-servers.sh start}). Without them a test is skipped with a message, unless
 * {@code APETEST_REQUIRE_SERVERS=true} (CI), where it fails. Each test works in a schema of its own.
 */
final class TestPostgres {
  private TestPostgres() {}

  static String url() {
    String url = System.getenv("APETEST_PG_URL");
    if (url == null || url.isBlank()) {
      String why = "APETEST_PG_URL is not set: start a real PostgreSQL with "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run this test";
      if (required()) {
        fail("APETEST_REQUIRE_SERVERS=true, but " + why);
      }
      Assumptions.abort(why);
    }
    return url;
  }

  static String user() {
    String user = System.getenv("APETEST_PG_USER");
    return user == null || user.isBlank() ? "ape" : user;
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_SERVERS"));
  }

  /** A new schema; the URL that makes it the current one. */
  static String freshSchemaUrl() {
    return freshSchemaUrl(url(), user());
  }

  static String freshSchemaUrl(String url, String user) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect(url, user); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static Connection connect(String url, String user) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    return DriverManager.getConnection(url, p);
  }

  /** Runs SQL (tampering, inspection) as the test user. */
  static int update(String url, String sql) {
    try (Connection c = connect(url, user()); Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static long count(String url, String sql) {
    try (Connection c = connect(url, user()); Statement s = c.createStatement();
        var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
