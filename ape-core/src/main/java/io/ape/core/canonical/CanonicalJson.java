package io.ape.core.canonical;

import java.util.Comparator;

/**
 * Writes JSON-like values in the canonical form of the Python original. Since 0.2.0 the form
 * lives in {@code ape-api} ({@link io.ape.api.CanonicalJson}, so that a plugin can compute the
 * engine's digests with {@code ape-api} alone); this class delegates to it and keeps its
 * {@link CanonicalizationException}.
 *
 * <p>Stateless and thread-safe. Never returns {@code null}; rejects what it cannot write with
 * {@link CanonicalizationException}.
 */
public final class CanonicalJson {
  /** Maximum nesting depth of containers. */
  public static final int MAX_DEPTH = io.ape.api.CanonicalJson.MAX_DEPTH;

  /** Orders strings by Unicode code point, as Python sorts {@code str}. */
  public static final Comparator<String> CODE_POINT_ORDER = io.ape.api.CanonicalJson.CODE_POINT_ORDER;

  private CanonicalJson() {}

  /** The canonical JSON text of {@code value}. */
  public static String write(Object value) {
    try {
      return io.ape.api.CanonicalJson.write(value);
    } catch (io.ape.api.CanonicalizationException e) {
      throw CanonicalizationException.of(e);
    }
  }

  /** Appends the canonical JSON text of {@code value} to {@code sb}. */
  public static void append(StringBuilder sb, Object value) {
    try {
      io.ape.api.CanonicalJson.append(sb, value);
    } catch (io.ape.api.CanonicalizationException e) {
      throw CanonicalizationException.of(e);
    }
  }

  /** Compares two strings by Unicode code point (Python {@code str} order). */
  public static int compareCodePoints(String a, String b) {
    return io.ape.api.CanonicalJson.compareCodePoints(a, b);
  }
}
