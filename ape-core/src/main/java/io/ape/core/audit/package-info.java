/**
 * The in-core audit dispatcher and the bounded in-memory sink.
 *
 * <p>Every component of the authority lifecycle reports what it does to one {@link
 * io.ape.core.audit.AuditLog} per engine. The log stamps each event with the engine clock's
 * time and a per-engine sequence number (starting at 1, unique, no number skipped), replaces the
 * values of redacted parameter keys by {@code "hmac-sha256:<hex>"} (an HMAC under a secret
 * per-log key, see {@link io.ape.core.audit.KeyedRedaction}) at any depth, and hands the event
 * to every configured {@link io.ape.spi.AuditSink} synchronously. When a sink cannot record an
 * event, the operation that produced it fails closed with {@link io.ape.api.AuditException} (the
 * tool does not run), unless the log was built with the explicit
 * {@code continueOnSinkFailure(true)} flag.
 *
 * <p>Dispatch holds no lock while a sink records (a durable sink may wait for a group commit),
 * so events of concurrent threads may reach a sink in a slightly different order than their
 * sequence numbers; events of one thread always arrive in sequence order.
 */
package io.ape.core.audit;
