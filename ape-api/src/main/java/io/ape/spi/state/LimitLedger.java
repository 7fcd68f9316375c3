package io.ape.spi.state;

import java.time.Instant;
import java.util.List;

/**
 * Sliding-window counters and running totals, checked and recorded in one atomic step.
 *
 * <p>{@link #reserve} records a use in every window and adds every amount to its budget only if
 * all of them have room; otherwise it records nothing. Of any number of concurrent callers on any
 * number of instances, never more than {@code max} uses land in any window, and no budget total
 * ever exceeds its {@code max}. A window refusal's {@link LimitVerdict#retryAt} is the instant
 * the window admits again; keys are opaque (no two keys share a counter, whatever characters
 * they contain).
 *
 * @since 0.2.0
 */
public interface LimitLedger {
  /**
   * Checks and records, atomically.
   *
   * @param windows the windows to charge one use each (may be empty)
   * @param budgets the totals to add to (may be empty)
   * @param now the engine's clock reading, which defines the windows
   * @throws io.ape.api.StateUnavailableException if the store cannot answer in time
   */
  LimitVerdict reserve(List<WindowCharge> windows, List<BudgetCharge> budgets, Instant now);

  /** The current total of a budget (0 if unknown). */
  double total(String budgetKey);

  /** The uses of a window within {@code window} before {@code now} (0 if unknown). */
  int used(WindowCharge window, Instant now);
}
