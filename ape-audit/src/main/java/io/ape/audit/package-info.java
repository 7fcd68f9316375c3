/**
 * APE's audit sinks and audit-log tools.
 *
 * <ul>
 *   <li>{@link io.ape.audit.JsonlAuditSink}: the durable, hash-chained (optionally
 *       HMAC-authenticated) JSON-lines log, with per-record or group-commit durability,
 *       size-based rotation that continues the chain, and recovery of a torn last line;
 *   <li>{@link io.ape.audit.AuditSinks}: the SLF4J sink and the composite;
 *   <li>{@link io.ape.audit.AuditVerifier}, {@link io.ape.audit.AuditReader},
 *       {@link io.ape.audit.AuditStats}, {@link io.ape.audit.AuditReplayer}: the logic behind
 *       {@code ape audit verify|show|stats|replay}, each returning a result type with
 *       {@code toText()} and {@code toJson()}.
 * </ul>
 *
 * <p>The providers ({@code jsonl}, {@code slf4j}) live in {@code io.ape.audit.internal} and
 * are found through {@link java.util.ServiceLoader}. The record format is described in the
 * module's README.
 */
package io.ape.audit;
