package io.ape.core.provider;

import java.net.URL;
import java.security.CodeSource;

/** Renders providers for error messages: id, class and the jar or directory it came from. */
final class ProviderDescriptions {
  private ProviderDescriptions() {}

  /** {@code id (class, location)}. */
  static String describe(String id, Object provider) {
    return id + " (" + provider.getClass().getName() + ", " + location(provider.getClass()) + ")";
  }

  /** The jar or directory a class was loaded from, or {@code unknown location}. */
  static String location(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      return url == null ? "unknown location" : url.toString();
    } catch (SecurityException e) {
      return "unknown location (" + e.getMessage() + ")";
    }
  }
}
