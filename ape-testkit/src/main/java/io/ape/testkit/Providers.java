package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.spi.ApeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Finds a plugin's provider the way the engine does ({@link ServiceLoader} on the test's class
 * path), so a contract test exercises the component exactly as registered in
 * {@code META-INF/services}: a missing or misspelt registration, a provider that cannot be
 * instantiated, a malformed or duplicated id each fail the test.
 *
 * <pre>{@code
 * AuditSinkProvider provider = Providers.load(AuditSinkProvider.class, "my-sink");
 * }</pre>
 *
 * @since 0.2.0
 */
public final class Providers {
  /** The ids the engine's provider selector accepts. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");

  private Providers() {}

  /**
   * The one provider of {@code spi} whose id is {@code id}.
   *
   * @throws AssertionError if there is none, if several claim the id, if any provider of the
   *     SPI cannot be loaded, or if the id is malformed
   */
  public static <P extends ApeProvider> P load(Class<P> spi, String id) {
    List<P> matching = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try {
      for (P p : ServiceLoader.load(spi, Thread.currentThread().getContextClassLoader())) {
        String pid = p.id();
        seen.add(pid + " (" + p.getClass().getName() + ")");
        if (id.equals(pid)) {
          matching.add(p);
        }
      }
    } catch (ServiceConfigurationError e) {
      fail("a provider of " + spi.getName() + " registered in META-INF/services cannot be"
          + " loaded: " + e.getMessage(), e);
    }
    if (matching.isEmpty()) {
      fail("no provider of " + spi.getName() + " with id '" + id + "' is registered in"
          + " META-INF/services/" + spi.getName() + " on the class path; found " + seen);
    }
    assertEquals(1, matching.size(), () -> "several providers of " + spi.getName()
        + " claim the id '" + id + "': " + seen);
    assertTrue(ID.matcher(id).matches(), () -> "provider id '" + id + "' does not match "
        + ID.pattern() + ", so the engine's selector would refuse it");
    return matching.get(0);
  }
}
