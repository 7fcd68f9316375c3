/**
 * The service-provider interface of APE, for plugin authors.
 *
 * <p>Every extension point is a {@code *Provider} factory discovered with
 * {@link java.util.ServiceLoader} (register it in {@code META-INF/services/<interface>}) that
 * creates its component from a narrow {@link io.ape.spi.ProviderContext}. Selection is
 * deterministic and fails closed: an instance given to the builder wins; else an id named in
 * configuration; else the single provider found; else the highest {@link
 * io.ape.spi.ApeProvider#priority()}. A tie, a duplicate id, or a missing required provider
 * is an error at build time naming the candidates. There is no silent no-op or allow-all
 * fallback.
 *
 * @since 0.1.0
 */
package io.ape.spi;
