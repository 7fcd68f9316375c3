package io.ape.spi;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyException;

/**
 * A condition operator usable in policy files ({@code prefix}, {@code path_within}, or a
 * custom one). Compiled once at policy load; the compiled form is used on every evaluation.
 * {@code io.ape:ape-testkit}'s {@code ConditionOperatorContract} checks this contract.
 *
 * @since 0.1.0
 */
public interface ConditionOperator {
  /** The operator's name as written in policy files: {@code [a-z][a-z0-9_]{0,63}}. */
  String name();

  /**
   * Validates the argument and compiles the condition.
   *
   * @throws PolicyException (usually {@code PolicyValidationException}) for a bad argument,
   *     naming {@code spec.location()} (a problem at that location, or a
   *     {@code PolicyParseException} at it); never another exception type, for any argument of
   *     the parameter model
   */
  CompiledCondition compile(ConditionSpec spec);

  /**
   * A compiled condition: immutable, thread-safe, and total — {@link #test}, {@link #refuses}
   * and {@link #describeFailure} never throw, {@link #test} returns {@code false} for values of
   * the wrong type and for any value outside the parameter model of
   * {@link io.ape.api.ParameterValues}, and no value both holds and is refused.
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

    /** Why {@code value} fails the condition, for the decision's reason; never blank. */
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
