package io.ape.audit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A failed batch is reported in a few words: the PostgreSQL driver's batch exception repeats the
 * statement with every record of the batch (megabytes), which must reach neither the log nor
 * the {@code AuditException} a caller sees.
 */
class SqlMessageTest {
  @Test
  void aBatchFailureSaysItsCauseNotTheStatementWithItsRecords() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO "
        + "ape_audit_record (writer_id, record) VALUES ('w', '\\x7b22" + "ab".repeat(50_000)
        + "') was aborted: FATAL: terminating connection", "57P01", new int[0]);
    batch.setNextException(new SQLException("FATAL: terminating connection due to "
        + "administrator command", "57P01"));

    String message = ChainWriter.sqlMessage(batch);

    assertThat(message).isEqualTo("FATAL: terminating connection due to administrator command "
        + "[SQLState 57P01]");
  }

  @Test
  void aBatchFailureWithoutACauseAndALongMessageAreCut() {
    assertThat(ChainWriter.sqlMessage(new BatchUpdateException("Batch entry 0 INSERT INTO t "
        + "VALUES (...)", new int[0]))).isEqualTo("the batched insert failed");
    assertThat(ChainWriter.sqlMessage(new SQLException("x".repeat(10_000), "08006")))
        .hasSize(503).endsWith("...");
    assertThat(ChainWriter.sqlMessage(new SQLException("Connection refused", "08001")))
        .isEqualTo("Connection refused [SQLState 08001]");
  }
}
