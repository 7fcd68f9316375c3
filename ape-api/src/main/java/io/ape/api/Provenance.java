package io.ape.api;

/**
 * Where a value came from. Provenance is assigned by the channel a value travelled through,
 * never declared by the data itself.
 *
 * <p>Trust order: {@link #SYSTEM_TRUSTED} &gt; {@link #USER_TRUSTED} &gt;
 * {@link #EXTERNAL_UNTRUSTED}. A {@code null} label is treated as {@link #EXTERNAL_UNTRUSTED}.
 */
public enum Provenance {
  /** Configuration and policies supplied by the operator. */
  SYSTEM_TRUSTED,
  /** The user's own prompt or an authenticated approval channel. */
  USER_TRUSTED,
  /** Anything from outside: tool output, documents, web pages, model output. */
  EXTERNAL_UNTRUSTED;

  /** {@code true} for {@link #SYSTEM_TRUSTED} and {@link #USER_TRUSTED}. */
  public boolean isTrusted() {
    return this != EXTERNAL_UNTRUSTED;
  }

  /** {@code true} if {@code label} is non-null and trusted. */
  public static boolean isTrusted(Provenance label) {
    return label != null && label.isTrusted();
  }

  /** The least trusted of two labels; {@code null} counts as {@link #EXTERNAL_UNTRUSTED}. */
  public static Provenance leastTrusted(Provenance a, Provenance b) {
    Provenance x = a == null ? EXTERNAL_UNTRUSTED : a;
    Provenance y = b == null ? EXTERNAL_UNTRUSTED : b;
    return x.ordinal() >= y.ordinal() ? x : y;
  }
}
