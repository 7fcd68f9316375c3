package io.ape.redis.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Budget amounts as whole millionths, so that Redis adds them exactly (three risks of 0.1 reach a
 * budget of 0.3, as in exact decimal arithmetic). An amount with more than six decimals is
 * rounded up and a maximum rounded down: the ledger may refuse a hair early, never late.
 * Values stay below 2^52 units (about 4.5 billion), where the Lua scripts' doubles are exact.
 */
public final class MicroUnits {
  /** The largest value the scripts handle exactly. */
  public static final long LIMIT = 1L << 52;
  /** The units of "no maximum". */
  public static final long UNLIMITED = -1;

  private MicroUnits() {}

  /**
   * An amount, rounded up.
   *
   * @throws IllegalArgumentException if it is 2^52 units or more
   */
  public static long amount(double amount) {
    BigDecimal units = BigDecimal.valueOf(amount).movePointRight(6)
        .setScale(0, RoundingMode.CEILING);
    if (units.compareTo(BigDecimal.valueOf(LIMIT)) >= 0) {
      throw new IllegalArgumentException("a budget amount must be below " + LIMIT / 1_000_000
          + ", but was " + amount);
    }
    return units.longValueExact();
  }

  /** A maximum, rounded down and capped at 2^52 units; {@link #UNLIMITED} for infinity. */
  public static long max(double max) {
    if (Double.isInfinite(max)) {
      return UNLIMITED;
    }
    BigDecimal units = BigDecimal.valueOf(max).movePointRight(6).setScale(0, RoundingMode.FLOOR);
    return units.compareTo(BigDecimal.valueOf(LIMIT)) >= 0 ? LIMIT : units.longValueExact();
  }

  /** Units back to a number. */
  public static double toDouble(long units) {
    return BigDecimal.valueOf(units, 6).doubleValue();
  }
}
