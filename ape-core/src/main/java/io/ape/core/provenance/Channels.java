package io.ape.core.provenance;

import io.ape.api.Labeled;
import io.ape.api.Provenance;

/**
 * Labels values by the channel they came through. Use the method that names the channel; the
 * label is never taken from the value itself.
 */
public final class Channels {
  private Channels() {}

  /** Typed by the user (the prompt, an interactive answer): USER_TRUSTED. */
  public static <T> Labeled<T> fromUser(T value) {
    return new Labeled<>(value, Provenance.USER_TRUSTED);
  }

  /** From configuration or policy files supplied by the operator: SYSTEM_TRUSTED. */
  public static <T> Labeled<T> fromConfiguration(T value) {
    return new Labeled<>(value, Provenance.SYSTEM_TRUSTED);
  }

  /** Returned by a tool, read from a document or the web, or produced by a model: EXTERNAL_UNTRUSTED. */
  public static <T> Labeled<T> fromOutside(T value) {
    return new Labeled<>(value, Provenance.EXTERNAL_UNTRUSTED);
  }
}
