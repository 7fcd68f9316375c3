/**
 * The tamper-evident JSONL audit log and the SLF4J audit sink ({@code jsonl} and {@code slf4j}
 * {@link io.ape.spi.AuditSinkProvider}s), and the verifier of {@code io.ape.audit}. The
 * {@code internal} package is exported only to {@code io.ape.audit.jdbc}, which shares the
 * record format.
 *
 * @since 0.2.0
 */
module io.ape.audit {
  requires transitive io.ape.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;

  exports io.ape.audit;
  // The PostgreSQL sink writes and verifies the same records (format, serializer, MAC).
  exports io.ape.audit.internal to io.ape.audit.jdbc;

  provides io.ape.spi.AuditSinkProvider with
      io.ape.audit.internal.JsonlAuditSinkProvider,
      io.ape.audit.internal.Slf4jAuditSinkProvider;
}
