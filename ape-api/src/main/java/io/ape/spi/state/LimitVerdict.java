package io.ape.spi.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link LimitLedger#reserve}: admitted (every charge recorded), or refused
 * (nothing recorded) with the first charge that did not fit.
 *
 * @param admitted whether every charge was recorded
 * @param refusedKey the key of the window or budget that refused, {@code ""} when admitted
 * @param limit the refusing window's max (or the budget's max, rounded down); 0 when admitted
 * @param retryAt when the refusing window admits again ({@link Instant#MAX} for a budget, which
 *     never frees up); {@code null} when admitted
 * @since 0.2.0
 */
public record LimitVerdict(boolean admitted, String refusedKey, double limit, Instant retryAt) {
  private static final LimitVerdict ADMITTED = new LimitVerdict(true, "", 0, null);

  public LimitVerdict {
    Objects.requireNonNull(refusedKey, "refusedKey");
    if (!admitted) {
      Objects.requireNonNull(retryAt, "retryAt");
    }
  }

  /** Every charge was recorded. */
  public static LimitVerdict admit() {
    return ADMITTED;
  }

  /** Nothing was recorded: {@code key} had no room. */
  public static LimitVerdict refuse(String key, double limit, Instant retryAt) {
    return new LimitVerdict(false, key, limit, retryAt);
  }
}
