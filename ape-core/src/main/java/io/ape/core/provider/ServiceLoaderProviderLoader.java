package io.ape.core.provider;

import io.ape.api.ProviderException;
import io.ape.spi.ApeProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The {@link ServiceLoader}-backed {@link ProviderLoader}. Stateless, hence thread-safe. */
final class ServiceLoaderProviderLoader implements ProviderLoader {
  private final ClassLoader classLoader;

  ServiceLoaderProviderLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public <T extends ApeProvider> List<T> load(Class<T> spi) {
    Objects.requireNonNull(spi, "spi");
    ClassLoader cl = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
    ServiceLoader<T> serviceLoader = ServiceLoader.load(spi, cl);
    Iterator<ServiceLoader.Provider<T>> it = serviceLoader.stream().iterator();
    List<T> found = new ArrayList<>();
    while (true) {
      ServiceLoader.Provider<T> candidate;
      try {
        if (!it.hasNext()) {
          break;
        }
        candidate = it.next();
      } catch (ServiceConfigurationError e) {
        throw new ProviderException(spi.getName(),
            "Cannot load a provider of " + spi.getName() + " listed in META-INF/services/"
                + spi.getName() + ": " + e.getMessage()
                + ". Fix or remove that entry (or the jar that contains it).", e);
      }
      found.add(instantiate(spi, candidate));
    }
    return List.copyOf(found);
  }

  private static <T> T instantiate(Class<T> spi, ServiceLoader.Provider<T> candidate) {
    String className = candidate.type().getName();
    try {
      return candidate.get();
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ProviderException(className,
          "Provider " + className + " of " + spi.getName() + " (" + ProviderDescriptions.location(
              candidate.type()) + ") could not be instantiated: " + cause, e);
    }
  }

  @Override
  public String toString() {
    return "ProviderLoader.serviceLoader(" + (classLoader == null ? "context class loader"
        : classLoader) + ")";
  }
}
