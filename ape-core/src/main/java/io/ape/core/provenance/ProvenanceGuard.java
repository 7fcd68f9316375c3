package io.ape.core.provenance;

import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import java.util.Objects;

/** Checks that refuse untrusted data where authority is created, widened or approved. */
public final class ProvenanceGuard {
  private ProvenanceGuard() {}

  /** {@code label}, or EXTERNAL_UNTRUSTED when it is {@code null}. */
  public static Provenance normalize(Provenance label) {
    return label == null ? Provenance.EXTERNAL_UNTRUSTED : label;
  }

  /**
   * Throws unless {@code label} is trusted.
   *
   * @param purpose what the data was about to do, e.g. {@code "set an intent"}
   * @throws ProvenanceException if {@code label} is {@code null} or EXTERNAL_UNTRUSTED
   */
  public static void requireTrusted(Provenance label, String purpose) {
    if (!Provenance.isTrusted(label)) {
      throw refusal(label, purpose);
    }
  }

  /** The exception that refuses data labelled {@code label} the right to {@code purpose}. */
  public static ProvenanceException refusal(Provenance label, String purpose) {
    return new ProvenanceException("untrusted data cannot " + purpose + " (provenance: "
        + normalize(label) + "); only USER_TRUSTED or SYSTEM_TRUSTED channels may");
  }

  /**
   * Returns the value of {@code labeled} if its label is trusted.
   *
   * @throws ProvenanceException if {@code labeled} is {@code null} or untrusted
   */
  public static <T> T requireTrusted(Labeled<T> labeled, String purpose) {
    requireTrusted(labeled == null ? null : labeled.provenance(), purpose);
    return labeled.value();
  }

  /** The least trusted of the labels; {@code null} entries count as EXTERNAL_UNTRUSTED. */
  public static Provenance leastTrusted(Provenance first, Provenance... rest) {
    Provenance p = normalize(first);
    for (Provenance r : Objects.requireNonNull(rest, "rest")) {
      p = Provenance.leastTrusted(p, r);
    }
    return p;
  }

  /**
   * The least trusted label of the values; EXTERNAL_UNTRUSTED if there are none or any is
   * {@code null} (an empty set of inputs has no channel, so nothing vouches for it).
   */
  public static Provenance leastTrusted(Iterable<? extends Labeled<?>> values) {
    Provenance p = null;
    for (Labeled<?> v : Objects.requireNonNull(values, "values")) {
      Provenance label = v == null ? Provenance.EXTERNAL_UNTRUSTED : v.provenance();
      p = p == null ? label : Provenance.leastTrusted(p, label);
    }
    return p == null ? Provenance.EXTERNAL_UNTRUSTED : p;
  }
}
