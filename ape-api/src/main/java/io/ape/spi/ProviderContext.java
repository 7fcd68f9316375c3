package io.ape.spi;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider gets to build its component: configuration properties and the engine's
 * clock, never the engine itself.
 *
 * @param properties configuration ({@code ape.<area>.<key>} names), unmodifiable
 * @param clock the clock all time-dependent components must use
 *
 * @since 0.1.0
 */
public record ProviderContext(Map<String, String> properties, Clock clock) {
  public ProviderContext {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    Objects.requireNonNull(clock, "clock");
  }

  /** A context with no properties and the system UTC clock. */
  public static ProviderContext defaults() {
    return new ProviderContext(Map.of(), Clock.systemUTC());
  }

  /** A configuration value, if set. */
  public Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(key));
  }
}
