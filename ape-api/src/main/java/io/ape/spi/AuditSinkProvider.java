package io.ape.spi;

/**
 * Provides an {@link AuditSink}. Audit sinks are multi-valued: a provider on the class path is
 * only available; it is enabled by configuration ({@code ape.audit.sinks}) or the builder.
 *
 * @since 0.1.0
 */
public interface AuditSinkProvider extends ApeProvider {
  /** Creates the sink. */
  AuditSink create(ProviderContext context);
}
