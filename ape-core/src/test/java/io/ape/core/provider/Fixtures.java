package io.ape.core.provider;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Class loaders for the provider fixtures: each case is a directory
 * {@code src/test/resources/provider-fixtures/<case>/} with real
 * {@code META-INF/services/...} files. The loader sees the service files of that case only (the
 * test class path's own service files are hidden) but loads classes from the test class path,
 * so the fixture classes and SPI interfaces are the very ones the tests use.
 */
public final class Fixtures {
  private Fixtures() {}

  /** A class loader that discovers exactly the providers registered by {@code caseName}. */
  public static URLClassLoader loader(String caseName) {
    URL dir = Fixtures.class.getResource("/provider-fixtures/" + caseName + "/");
    if (dir == null) {
      throw new IllegalArgumentException("no fixture directory for " + caseName);
    }
    return new URLClassLoader("fixture-" + caseName, new URL[] {dir},
        new ServicesHidingClassLoader(Fixtures.class.getClassLoader()));
  }

  /** A service loader for one fixture case. */
  public static ProviderLoader providerLoader(String caseName) {
    return ProviderLoader.serviceLoader(loader(caseName));
  }

  /** The location (class-path root) of a fixture class, as the selector reports it. */
  public static String locationOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().toString();
  }

  /** Delegates everything to its parent except the lookup of service files. */
  private static final class ServicesHidingClassLoader extends ClassLoader {
    ServicesHidingClassLoader(ClassLoader parent) {
      super("services-hiding", parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.startsWith("META-INF/services/")) {
        return Collections.emptyEnumeration();
      }
      return super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
      return name.startsWith("META-INF/services/") ? null : super.getResource(name);
    }
  }
}
