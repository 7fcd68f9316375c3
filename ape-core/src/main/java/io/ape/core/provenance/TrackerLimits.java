package io.ape.core.provenance;

/**
 * The bounds of one {@link ValueProvenanceTracker}, and so of one session's provenance memory.
 *
 * <p>Every bound fails closed: past it the tracker labels no more values trusted than it would
 * within it, and usually fewer.
 * <ul>
 *   <li>{@code maxTrustedChars} (default 262 144): characters of trusted input kept for exact
 *       matching. A trusted input that would go past it is dropped whole (never cut, since a cut
 *       could create a value the user never wrote); values only it contained are then not
 *       trusted. Memory: about 7 to 30 bytes per kept character.</li>
 *   <li>{@code maxUntrustedChars} (default 1 048 576): characters of untrusted input indexed.
 *       An untrusted input that would go past it, or more than two index fingerprints per
 *       character, <em>saturates</em> the tracker: from then on every value that is not
 *       USER_TRUSTED is EXTERNAL_UNTRUSTED, and the index is released. Memory: about 3 to 6
 *       bytes per indexed character for prose, at most 16 (two 4-byte fingerprints per
 *       character, at load 0.5 or more).</li>
 *   <li>{@code minCopiedRun} (K, default 16, between 8 and 64): a value that contains a run of at
 *       least K letters and digits copied from untrusted input (compared after folding case,
 *       compatibility forms, look-alike letters and accents, and ignoring every other
 *       character) is EXTERNAL_UNTRUSTED; a shorter shared run may be detected too (from about
 *       3K/4), never missed at K or more.</li>
 *   <li>{@code maxValueChars} (default 262 144): a value to label with more characters than this
 *       (strings, numbers and keys of a list or map added up) is EXTERNAL_UNTRUSTED without
 *       inspection.</li>
 *   <li>{@code maxDepth} (default 32, as {@code ParameterValues.MAX_DEPTH}): nesting of lists and
 *       maps. A value nested deeper is EXTERNAL_UNTRUSTED; an untrusted input nested deeper
 *       saturates the tracker; a trusted input nested deeper is dropped whole.</li>
 * </ul>
 *
 * @param maxTrustedChars characters of trusted input kept (at least 1)
 * @param maxUntrustedChars characters of untrusted input indexed (at least 1)
 * @param minCopiedRun K, the shortest copied run always detected (8 to 64)
 * @param maxValueChars largest value labelled by inspection (at least 1)
 * @param maxDepth deepest nesting inspected (1 to 256)
 * @since 0.2.0
 */
public record TrackerLimits(
    int maxTrustedChars,
    int maxUntrustedChars,
    int minCopiedRun,
    int maxValueChars,
    int maxDepth) {

  /** Default {@link #maxTrustedChars()}: 256 Ki characters. */
  public static final int DEFAULT_MAX_TRUSTED_CHARS = 256 * 1024;
  /** Default {@link #maxUntrustedChars()}: 1 Mi characters. */
  public static final int DEFAULT_MAX_UNTRUSTED_CHARS = 1024 * 1024;
  /** Default {@link #minCopiedRun()}: 16 letters and digits. */
  public static final int DEFAULT_MIN_COPIED_RUN = 16;
  /** Default {@link #maxValueChars()}: 256 Ki characters. */
  public static final int DEFAULT_MAX_VALUE_CHARS = 256 * 1024;
  /** Default {@link #maxDepth()}: 32 levels. */
  public static final int DEFAULT_MAX_DEPTH = 32;

  /** Checks the bounds. */
  public TrackerLimits {
    requireAtLeast("maxTrustedChars", maxTrustedChars, 1);
    requireAtLeast("maxUntrustedChars", maxUntrustedChars, 1);
    if (minCopiedRun < 8 || minCopiedRun > 64) {
      throw new IllegalArgumentException(
          "minCopiedRun must be between 8 and 64, got " + minCopiedRun);
    }
    requireAtLeast("maxValueChars", maxValueChars, 1);
    if (maxDepth < 1 || maxDepth > 256) {
      throw new IllegalArgumentException("maxDepth must be between 1 and 256, got " + maxDepth);
    }
  }

  /** The documented defaults. */
  public static TrackerLimits defaults() {
    return new TrackerLimits(DEFAULT_MAX_TRUSTED_CHARS, DEFAULT_MAX_UNTRUSTED_CHARS,
        DEFAULT_MIN_COPIED_RUN, DEFAULT_MAX_VALUE_CHARS, DEFAULT_MAX_DEPTH);
  }

  /** A copy with another {@link #maxTrustedChars()}. */
  public TrackerLimits withMaxTrustedChars(int chars) {
    return new TrackerLimits(chars, maxUntrustedChars, minCopiedRun, maxValueChars, maxDepth);
  }

  /** A copy with another {@link #maxUntrustedChars()}. */
  public TrackerLimits withMaxUntrustedChars(int chars) {
    return new TrackerLimits(maxTrustedChars, chars, minCopiedRun, maxValueChars, maxDepth);
  }

  /** A copy with another {@link #minCopiedRun()}. */
  public TrackerLimits withMinCopiedRun(int k) {
    return new TrackerLimits(maxTrustedChars, maxUntrustedChars, k, maxValueChars, maxDepth);
  }

  /** A copy with another {@link #maxValueChars()}. */
  public TrackerLimits withMaxValueChars(int chars) {
    return new TrackerLimits(maxTrustedChars, maxUntrustedChars, minCopiedRun, chars, maxDepth);
  }

  /** A copy with another {@link #maxDepth()}. */
  public TrackerLimits withMaxDepth(int depth) {
    return new TrackerLimits(maxTrustedChars, maxUntrustedChars, minCopiedRun, maxValueChars,
        depth);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }
}
