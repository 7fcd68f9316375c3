package io.ape.api;

/**
 * Where a value came from. Provenance is assigned by the channel a value travelled through,
 * never declared by the data itself.
 *
 * <p>Trust order: {@link #SYSTEM_TRUSTED} &gt; {@link #USER_TRUSTED} &gt;
 * {@link #MODEL_GENERATED} &gt; {@link #EXTERNAL_UNTRUSTED}. Only the first two are trusted. A
 * {@code null} label is treated as {@link #EXTERNAL_UNTRUSTED}.
 *
 * @since 0.1.0
 */
public enum Provenance {
  /** Configuration and policies supplied by the operator. */
  SYSTEM_TRUSTED,
  /** The user's own prompt or an authenticated approval channel. */
  USER_TRUSTED,
  /**
   * A value the model wrote that occurs in no input the session recorded, trusted or not (see
   * {@link ProvenanceTracker}). Not trusted: {@code provenance: trusted} refuses it.
   *
   * @since 0.2.0
   */
  MODEL_GENERATED,
  /** Anything from outside: tool output, documents, web pages, model output. */
  EXTERNAL_UNTRUSTED;

  /** {@code true} for {@link #SYSTEM_TRUSTED} and {@link #USER_TRUSTED} only. */
  public boolean isTrusted() {
    return this == SYSTEM_TRUSTED || this == USER_TRUSTED;
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
