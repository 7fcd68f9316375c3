package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.jdbc.JdbcAuditSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ape audit verify --jdbc} against a real PostgreSQL ({@code APETEST_PG_URL}). */
class AuditVerifyJdbcTest {
  private final CliContext context = CliContext.withEnvironment(new CliEnvironment(Map.of(),
      false));

  private static String schemaUrl() throws Exception {
    String url = System.getenv("APETEST_PG_URL");
    if (url == null || url.isBlank()) {
      String why = "APETEST_PG_URL is not set: start PostgreSQL with "
          + "`eval \"$(scripts/test-servers.sh start)\"` to run this test";
      if ("true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_SERVERS"))) {
        fail("APETEST_REQUIRE_SERVERS=true, but " + why);
      }
      Assumptions.abort(why);
    }
    String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, props());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static Properties props() {
    Properties p = new Properties();
    String user = System.getenv("APETEST_PG_USER");
    p.setProperty("user", user == null || user.isBlank() ? "ape" : user);
    return p;
  }

  private static String user() {
    return props().getProperty("user");
  }

  @Test
  void verifiesEveryChainAndNamesTheFirstBadRecord() throws Exception {
    String url = schemaUrl();
    try (JdbcAuditSink sink = JdbcAuditSink.builder(url).user(user()).writerId("cli-w").build()) {
      for (int i = 1; i <= 4; i++) {
        sink.record(AuditEvent.builder(AuditEventType.DECISION, Instant.parse(
            "2026-01-01T00:00:00Z").plusSeconds(i)).sequence(i).action("read_file")
            .decision(Outcome.DENY).build());
      }
    }
    CliRun.Result ok = CliRun.run(context, "audit", "verify", "--jdbc", url, "--jdbc-user",
        user()).exits(ExitCode.OK);
    assertThat(ok.out()).contains("INTACT: 4 record(s) in 1 chain(s)").contains("writer cli-w");
    CliRun.run(context, "audit", "verify", "--jdbc", url, "--jdbc-user", user(), "--writer",
        "cli-w", "--json").exits(ExitCode.OK);

    try (Connection c = DriverManager.getConnection(url, props());
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM ape_audit_record WHERE record_no = 2");
    }
    CliRun.Result bad = CliRun.run(context, "audit", "verify", "--jdbc", url, "--jdbc-user",
        user(), "--json").exits(ExitCode.INVALID_POLICY);
    assertThat(bad.json().path("chains").get(0).path("finding").path("problem").asText())
        .isEqualTo("RECORDS_MISSING");
    CliRun.run(context, "audit", "verify", "--jdbc", url, "--jdbc-user", user(), "--writer",
        "nobody").exits(ExitCode.INVALID_POLICY);
  }

  @Test
  void filesAndJdbcAreExclusiveAndABadUrlIsAnError() {
    CliRun.run(context, "audit", "verify").exits(ExitCode.USAGE);
    CliRun.run(context, "audit", "verify", "a.jsonl", "--jdbc", "jdbc:postgresql://x/y")
        .exits(ExitCode.USAGE);
    CliRun.run(context, "audit", "verify", "a.jsonl", "--writer", "w").exits(ExitCode.USAGE);
    // an expected head the JDBC verifier would not check is refused, not silently ignored
    CliRun.Result head = CliRun.run(context, "audit", "verify", "--jdbc",
        "jdbc:postgresql://x/y", "--expect-head", "0".repeat(64)).exits(ExitCode.USAGE);
    assertThat(head.err()).contains("--expect-head applies to FILE... only");
    CliRun.run(context, "audit", "verify", "--jdbc", "jdbc:mysql://x/y")
        .exits(ExitCode.ERROR);
    CliRun.Result down = CliRun.run(context, "audit", "verify", "--jdbc",
        "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=1", "--jdbc-user", "u")
        .exits(ExitCode.ERROR);
    assertThat(down.err()).contains("127.0.0.1:1");
  }
}
