package io.ape.audit.jdbc;

import io.ape.api.AuditException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL schema of the JDBC audit sink: one table, one row per record, and the indexes
 * for the usual queries (by session, by action, by decision, by tenant, by time).
 *
 * <p>{@code record} holds the record exactly as it was hashed: the canonical JSON line of the
 * JSON-lines sink (same fields, same {@code recordNo}/{@code prev}/{@code mac}), so one verifier
 * logic applies to both. The other columns are copies of record fields for queries; the
 * verifier checks that they agree with {@code record}. Text columns are cut to 256 characters,
 * with NUL and unpaired surrogates replaced by U+FFFD (so no value of an event can make an
 * insert fail), and {@code event_time} is the timestamp cut to microseconds.
 *
 * <p>Created on first use (unless disabled) or by running {@link #statements()} (e.g. as a
 * migration, by a role that may create tables); see the ape-audit-jdbc README for the
 * privileges a writer needs.
 *
 * @since 0.2.0
 */
public final class AuditSchema {
  /** The table. */
  public static final String TABLE = "ape_audit_record";

  private static final List<String> STATEMENTS = List.of(
      "CREATE TABLE IF NOT EXISTS ape_audit_record (\n"
          + "  writer_id   text        NOT NULL,\n"
          + "  record_no   bigint      NOT NULL,\n"
          + "  sequence    bigint      NOT NULL,\n"
          + "  event_time  timestamptz NOT NULL,\n"
          + "  event_type  text        NOT NULL,\n"
          + "  tenant_id   text        NOT NULL,\n"
          + "  session_id  text        NOT NULL,\n"
          + "  action_id   text        NOT NULL,\n"
          + "  tool_id     text        NOT NULL,\n"
          + "  decision    text,\n"
          + "  rule_id     text        NOT NULL,\n"
          + "  record      bytea       NOT NULL,\n"
          + "  PRIMARY KEY (writer_id, record_no)\n"
          + ")",
      "CREATE INDEX IF NOT EXISTS ape_audit_record_session_idx"
          + " ON ape_audit_record (session_id, event_time)",
      "CREATE INDEX IF NOT EXISTS ape_audit_record_action_idx"
          + " ON ape_audit_record (action_id, event_time)",
      "CREATE INDEX IF NOT EXISTS ape_audit_record_decision_idx"
          + " ON ape_audit_record (decision, event_time)",
      "CREATE INDEX IF NOT EXISTS ape_audit_record_tenant_idx"
          + " ON ape_audit_record (tenant_id, event_time)",
      "CREATE INDEX IF NOT EXISTS ape_audit_record_time_idx"
          + " ON ape_audit_record (event_time)",
      "CREATE OR REPLACE VIEW ape_audit_record_json AS SELECT writer_id, record_no, event_time,"
          + " convert_from(record, 'UTF8')::jsonb AS record FROM ape_audit_record");

  /** A lock id so that writers starting together create the schema one after the other. */
  private static final long DDL_LOCK = 0x4150455f41554449L; // "APE_AUDI"

  private AuditSchema() {}

  /** The DDL statements, in order (each idempotent). */
  public static List<String> statements() {
    return STATEMENTS;
  }

  /** The DDL as one script ({@code ;} after each statement). */
  public static String script() {
    return String.join(";\n\n", STATEMENTS) + ";\n";
  }

  /**
   * Creates what is missing, in one transaction, serialised with other writers by an advisory
   * lock. Leaves the connection's auto-commit as it was.
   *
   * @throws AuditException if PostgreSQL refuses (e.g. the role may not create tables)
   */
  public static void create(Connection connection) {
    try {
      boolean auto = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
        for (String ddl : STATEMENTS) {
          s.execute(ddl);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new AuditException("cannot create the audit table " + TABLE + " (" + e.getMessage()
          + "); create it with the DDL of AuditSchema.script() as a role that may, or grant "
          + "CREATE on the schema", e);
    }
  }
}
