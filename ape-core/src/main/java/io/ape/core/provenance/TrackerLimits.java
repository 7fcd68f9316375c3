package io.ape.core.provenance;

/**
 * The memory bounds of a {@link ValueProvenanceTracker}.
 *
 * <p>Past a bound the tracker fails closed: it never labels a value more trusted than it would
 * within the bounds. Trusted inputs beyond {@code maxTrustedInputs} or {@code maxTrustedChars}
 * evict the oldest trusted inputs first (values that only they vouched for lose their trust);
 * untrusted inputs beyond {@code maxUntrustedInputs} or {@code maxUntrustedChars} are not kept,
 * and from then on every value not found in a trusted input is labelled
 * {@code EXTERNAL_UNTRUSTED} (never {@code MODEL_GENERATED}). A recorded string longer than
 * {@code maxInputChars} is cut to that length for trusted inputs (a value beyond the cut is not
 * found, so it is not trusted) and makes the tracker overflow for untrusted ones.
 *
 * @param maxTrustedInputs how many trusted inputs are kept, at least 1
 * @param maxTrustedChars how many characters of trusted text are kept in total, at least 1
 * @param maxUntrustedInputs how many untrusted inputs are kept, at least 1
 * @param maxUntrustedChars how many characters of untrusted text are kept in total, at least 1
 * @param maxInputChars the longest single recorded string, at least 1
 * @since 0.2.0
 */
public record TrackerLimits(int maxTrustedInputs, long maxTrustedChars, int maxUntrustedInputs,
    long maxUntrustedChars, int maxInputChars) {

  /** 1,000 inputs and 1 M characters each side, 256 K characters per input. */
  public static final TrackerLimits DEFAULTS =
      new TrackerLimits(1_000, 1L << 20, 1_000, 1L << 20, 1 << 18);

  public TrackerLimits {
    positive("maxTrustedInputs", maxTrustedInputs);
    positive("maxTrustedChars", maxTrustedChars);
    positive("maxUntrustedInputs", maxUntrustedInputs);
    positive("maxUntrustedChars", maxUntrustedChars);
    positive("maxInputChars", maxInputChars);
  }

  /** The default limits ({@link #DEFAULTS}). */
  public static TrackerLimits defaults() {
    return DEFAULTS;
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
