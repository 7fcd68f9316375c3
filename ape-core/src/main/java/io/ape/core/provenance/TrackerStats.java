package io.ape.core.provenance;

/**
 * What a {@link ValueProvenanceTracker} holds at one moment (for tests, metrics and benchmarks).
 *
 * @param trustedChars characters of trusted input kept
 * @param untrustedChars characters of untrusted input indexed (not counting inputs after
 *     saturation)
 * @param droppedTrustedInputs trusted inputs dropped for the limits
 * @param saturated whether an untrusted input went past the limits (every value not
 *     USER_TRUSTED is then EXTERNAL_UNTRUSTED)
 * @param fingerprints fingerprints of untrusted text held (0 once saturated)
 * @param indexBytes bytes of the untrusted fingerprint table (0 once saturated)
 * @since 0.2.0
 */
public record TrackerStats(
    long trustedChars,
    long untrustedChars,
    int droppedTrustedInputs,
    boolean saturated,
    int fingerprints,
    long indexBytes) {}
