package io.ape.spi;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyException;

/**
 * A condition operator usable in policy files ({@code prefix}, {@code path_within}, or a
 * custom one). Compiled once at policy load; the compiled form is used on every evaluation.
 */
public interface ConditionOperator {
  /** The operator's name as written in policy files. */
  String name();

  /**
   * Validates the argument and compiles the condition.
   *
   * @throws PolicyException (usually {@code PolicyValidationException}) for a bad argument,
   *     naming {@code spec.location()}
   */
  CompiledCondition compile(ConditionSpec spec);

  /**
   * A compiled condition: immutable, thread-safe, and total — {@link #test} must return
   * {@code false} (never throw) for values of the wrong type.
   */
  interface CompiledCondition {
    /**
     * Whether the condition holds for a parameter value. Never called with an absent
     * parameter: the engine judges absence itself, without calling the operator (it fails an
     * ALLOW rule, and makes a DENY or ESCALATE rule apply, exactly like a value this condition
     * {@linkplain #refuses refuses}). A parameter present with the value {@code null} is
     * passed as {@code null}.
     */
    boolean test(Object value);

    /** Why {@code value} fails the condition, for the decision's reason. */
    String describeFailure(Object value);

    /**
     * Whether {@code value} is one this condition cannot judge at all (the wrong type,
     * forbidden characters, a malformed number, URL or path), as opposed to a value it judged
     * and found failing. Only consulted after {@link #test} returned {@code false}.
     *
     * <p>The engine fails an ALLOW rule either way, but a DENY or ESCALATE rule
     * <em>matches</em> when each of its conditions holds or cannot judge its parameter (a
     * refused value, or an absent parameter): a deny rule is never bypassed by a value it
     * cannot read, nor by leaving the parameter out. The default, {@code false}, treats every
     * {@code false} from {@link #test} as a judged failure.
     */
    default boolean refuses(Object value) {
      return false;
    }
  }
}
