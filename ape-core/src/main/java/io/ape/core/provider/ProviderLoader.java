package io.ape.core.provider;

import io.ape.spi.ApeProvider;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Finds the providers of one SPI. The default is backed by {@link java.util.ServiceLoader};
 * containers (Spring, Quarkus, Micronaut) may supply their own beans instead through
 * {@link #fromInstances(Collection)} or a custom implementation.
 *
 * <p>A loader only <em>discovers</em>; it never chooses. Choosing is done by
 * {@link ProviderSelector}, deterministically and fail-closed, never by class-path order.
 *
 * <p>Implementations must be thread-safe and must not return {@code null}. A provider that
 * cannot be loaded (a {@link java.util.ServiceConfigurationError}, a constructor that throws)
 * is reported as an {@link io.ape.api.ProviderException} naming its class; it is never skipped
 * silently.
 */
public interface ProviderLoader {

  /**
   * Every provider of {@code spi} found, in discovery order (the order carries no meaning).
   *
   * @throws io.ape.api.ProviderException if a provider is registered but cannot be loaded
   */
  <T extends ApeProvider> List<T> load(Class<T> spi);

  /** A loader backed by {@link java.util.ServiceLoader} and the thread context class loader. */
  static ProviderLoader serviceLoader() {
    return new ServiceLoaderProviderLoader(null);
  }

  /**
   * A loader backed by {@link java.util.ServiceLoader} on the given class loader; {@code null}
   * means the thread context class loader at the time of each {@link #load} call.
   */
  static ProviderLoader serviceLoader(ClassLoader classLoader) {
    return new ServiceLoaderProviderLoader(classLoader);
  }

  /**
   * A loader that returns those of the given, already-built instances that implement the
   * requested SPI. For dependency-injection containers and for fully programmatic wiring.
   */
  static ProviderLoader fromInstances(Collection<? extends ApeProvider> instances) {
    List<ApeProvider> copy = List.copyOf(Objects.requireNonNull(instances, "instances"));
    return new ProviderLoader() {
      @Override
      public <T extends ApeProvider> List<T> load(Class<T> spi) {
        Objects.requireNonNull(spi, "spi");
        return copy.stream().filter(spi::isInstance).map(spi::cast).toList();
      }

      @Override
      public String toString() {
        return "ProviderLoader.fromInstances(" + copy.size() + " instances)";
      }
    };
  }
}
