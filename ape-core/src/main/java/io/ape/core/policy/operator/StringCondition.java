package io.ape.core.policy.operator;

import io.ape.spi.ConditionOperator.CompiledCondition;

/**
 * Base of the compiled conditions that compare strings: a value that is not a string, or that
 * fails the {@link StringChecks} hardening, never satisfies the condition.
 */
abstract class StringCondition implements CompiledCondition {
  private final boolean lenient;

  /** @param lenient whether TAB, LF, CR and format characters are accepted (regex) */
  StringCondition(boolean lenient) {
    this.lenient = lenient;
  }

  @Override
  public final boolean test(Object value) {
    return value instanceof String s && StringChecks.unsafeIndex(s, lenient) < 0 && holds(s);
  }

  @Override
  public final boolean refuses(Object value) {
    return !(value instanceof String s) || StringChecks.unsafeIndex(s, lenient) >= 0
        || refusesString(s);
  }

  @Override
  public final String describeFailure(Object value) {
    if (!(value instanceof String s)) {
      return "value " + Values.printable(value) + " is " + Values.typeName(value)
          + ", not a string";
    }
    int bad = StringChecks.unsafeIndex(s, lenient);
    if (bad >= 0) {
      return "value " + Values.printable(s) + " " + StringChecks.describeUnsafe(s, bad);
    }
    return describe(s);
  }

  /** Whether the condition holds for a string that passed the hardening checks. */
  abstract boolean holds(String value);

  /** Why {@code value} (which passed the hardening checks) does not satisfy the condition. */
  abstract String describe(String value);

  /**
   * Whether a string that passed the hardening checks is still one this condition cannot
   * judge (a {@code ..} segment for {@code prefix}, a relative path for {@code path_within},
   * no parsable host for {@code domain_in}); see {@link CompiledCondition#refuses}.
   */
  boolean refusesString(String value) {
    return false;
  }
}
