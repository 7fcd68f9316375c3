/**
 * The audit sink to PostgreSQL: {@link io.ape.audit.jdbc.JdbcAuditSink} (provider id
 * {@code jdbc}, keys {@code ape.audit.jdbc.*}), its schema {@link io.ape.audit.jdbc.AuditSchema}
 * and the verifier {@link io.ape.audit.jdbc.JdbcAuditVerifier} behind
 * {@code ape audit verify --jdbc}. One hash chain per writer, in the record format of the
 * JSON-lines sink.
 *
 * @since 0.2.0
 */
package io.ape.audit.jdbc;
