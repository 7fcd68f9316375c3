package io.ape.api;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A value together with the provenance of the channel it came through.
 *
 * <p>Deriving or combining values never raises trust: {@link #map} keeps the label and
 * {@link #combine} takes the least trusted of both. A {@code null} label is stored as
 * {@link Provenance#EXTERNAL_UNTRUSTED}.
 *
 * @param <T> the value type
 * @param value the value (may be {@code null})
 * @param provenance the label, never {@code null}
 *
 * @since 0.1.0
 */
public record Labeled<T>(T value, Provenance provenance) {
  public Labeled {
    provenance = provenance == null ? Provenance.EXTERNAL_UNTRUSTED : provenance;
  }

  /** Labels a value as {@link Provenance#EXTERNAL_UNTRUSTED}. */
  public static <T> Labeled<T> untrusted(T value) {
    return new Labeled<>(value, Provenance.EXTERNAL_UNTRUSTED);
  }

  /** Derives a new value with the same label. */
  public <R> Labeled<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    return new Labeled<>(f.apply(value), provenance);
  }

  /** Combines two values; the result carries the least trusted label of both. */
  public <U, R> Labeled<R> combine(Labeled<U> other, BiFunction<? super T, ? super U, ? extends R> f) {
    Objects.requireNonNull(other, "other");
    return new Labeled<>(f.apply(value, other.value()),
        Provenance.leastTrusted(provenance, other.provenance()));
  }

  /** {@code true} if the label is trusted. */
  public boolean isTrusted() {
    return provenance.isTrusted();
  }
}
