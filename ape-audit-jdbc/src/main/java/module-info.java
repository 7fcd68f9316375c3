/**
 * The audit log in a SQL database (PostgreSQL): the {@code jdbc}
 * {@link io.ape.spi.AuditSinkProvider} and the verifier and schema of
 * {@code io.ape.audit.jdbc}. The {@code internal} package is not exported.
 *
 * @since 0.2.0
 */
module io.ape.audit.jdbc {
  requires transitive io.ape.api;
  requires transitive io.ape.audit;
  requires transitive java.sql;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;

  exports io.ape.audit.jdbc;

  provides io.ape.spi.AuditSinkProvider with io.ape.audit.jdbc.internal.JdbcAuditSinkProvider;
}
