/**
 * Provider discovery and selection for every APE SPI.
 *
 * <p>{@link io.ape.core.provider.ProviderLoader} discovers providers (by default through
 * {@link java.util.ServiceLoader}); {@link io.ape.core.provider.ProviderSelector} chooses among
 * them with one documented, deterministic, fail-closed routine: explicit instance, then the id
 * named by configuration ({@code ape.<area>.<key>}), then the single provider found, then the
 * highest priority. Ties, duplicate ids, reserved ids claimed by foreign classes and missing
 * required providers are errors at build time that name every candidate (id, class, jar) and
 * the artifact to add. Class-path order never decides.
 */
package io.ape.core.provider;
