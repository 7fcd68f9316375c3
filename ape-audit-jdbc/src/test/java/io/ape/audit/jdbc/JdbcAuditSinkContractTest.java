package io.ape.audit.jdbc;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.testkit.AuditSinkContract;
import io.ape.testkit.Providers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC sink passes the AuditSink contract against a real PostgreSQL (skipped without one,
 * unless {@code APETEST_REQUIRE_SERVERS=true}, like every test of this module; see
 * {@link TestPostgres}), with read-back (the writer's rows, from the JSON view) and failure
 * injection (a constraint that makes PostgreSQL refuse every further row).
 */
class JdbcAuditSinkContractTest extends AuditSinkContract
    implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
  private String url;
  private final AtomicInteger writers = new AtomicInteger();
  private final Map<AuditSink, String> writerOf = new ConcurrentHashMap<>();

  @BeforeEach
  void schema() {
    url = TestPostgres.freshSchemaUrl();
  }

  @Override
  public AuditSink newSink() {
    String writer = "contract-" + writers.incrementAndGet();
    JdbcAuditSink sink = JdbcAuditSink.builder(url).user(TestPostgres.user()).writerId(writer)
        .build();
    writerOf.put(sink, writer);
    return sink;
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    String sql = "SELECT record->>'sequence', record->>'type', record->>'timestamp',"
        + " record->>'tenantId', record->>'sessionId', record->>'actionId', record->>'toolId',"
        + " record->>'decision', record->>'reason', record->>'ruleId', record->>'policyVersion'"
        + " FROM ape_audit_record_json WHERE writer_id = ? ORDER BY record_no";
    List<AuditEvent> out = new ArrayList<>();
    try (Connection c = TestPostgres.connect(url, TestPostgres.user());
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, writerOf.get(sink));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          AuditEvent.Builder b = AuditEvent.builder(AuditEventType.valueOf(r.getString(2)),
              Instant.parse(r.getString(3)))
              .sequence(Long.parseLong(r.getString(1))).tenant(r.getString(4))
              .session(r.getString(5)).action(r.getString(6)).tool(r.getString(7))
              .reason(r.getString(9)).rule(r.getString(10)).policyVersion(r.getString(11));
          if (r.getString(8) != null) {
            b.decision(Outcome.valueOf(r.getString(8)));
          }
          out.add(b.build());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public void failWrites(AuditSink sink) {
    TestPostgres.update(url, "ALTER TABLE " + AuditSchema.TABLE
        + " ADD CONSTRAINT contract_no_more_rows CHECK (record_no < 0) NOT VALID");
  }

  @Test
  void theJdbcProviderIsRegistered() {
    Providers.load(AuditSinkProvider.class, "jdbc");
  }
}
