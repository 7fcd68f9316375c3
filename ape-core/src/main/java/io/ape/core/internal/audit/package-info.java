/**
 * The typed audit-event factory of {@code ape-core} ({@link io.ape.core.internal.audit.AuditEvents}):
 * every component records its events through it.
 *
 * <p>Not API: public only so that the other {@code io.ape.core} packages can share it; not
 * exported by the module.
 *
 * @since 0.2.0
 */
package io.ape.core.internal.audit;
