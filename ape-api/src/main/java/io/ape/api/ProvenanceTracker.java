package io.ape.api;

import java.util.Map;

/**
 * Records where the values of one session came from, and labels the arguments of a proposed
 * call by them.
 *
 * <p>Trusted inputs are the user's messages, values the application passes itself, and outputs
 * of tools the policy lists under {@code trusted_sources}; untrusted inputs are every other tool
 * result, document or page. An argument is {@link Provenance#USER_TRUSTED} if its value
 * (canonical form; numbers by value; lists element by element) occurs in a trusted input,
 * {@link Provenance#EXTERNAL_UNTRUSTED} if it occurs only in untrusted input or contains
 * untrusted text, and {@link Provenance#MODEL_GENERATED} otherwise.
 *
 * <p>Deterministic and bounded in memory; past its bounds a tracker fails closed (it never labels
 * more values trusted than it would within them). Thread-safe.
 *
 * @since 0.2.0
 */
public interface ProvenanceTracker {
  /**
   * Records a trusted input.
   *
   * @param source where it came from, for the audit (e.g. {@code "user"}, {@code "app"}, a tool id)
   * @param value a string, number, boolean, list or map (other objects by {@code toString()})
   */
  void recordTrusted(String source, Object value);

  /** Records an untrusted input (a tool result, a document, a page). */
  void recordUntrusted(String source, Object value);

  /** The label of one value. */
  Provenance label(Object value);

  /** The label of each argument, by name (unmodifiable). */
  Map<String, Provenance> label(Map<String, ?> arguments);
}
