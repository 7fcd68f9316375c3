package io.ape.testkit;

import io.ape.spi.ConditionOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one condition operator must do with one argument, for {@link ConditionOperatorContract}:
 * the values it must hold for, the values it must judge and find failing, the values it must
 * refuse as ones it cannot judge, and the arguments it must reject at policy load. One line per
 * operator:
 *
 * <pre>{@code
 * OperatorCase.of(new MaxPathDepth(), 3)
 *     .holds("/a/b", "a/b/c").fails("/a/b/c/d").refuses(42, null, "/a/../b")
 *     .rejectsArguments(0, "3", 1.5)
 * }</pre>
 *
 * Immutable: every method returns a new case.
 *
 * @since 0.2.0
 */
public final class OperatorCase {
  private final ConditionOperator operator;
  private final Object argument;
  private final List<Object> holds;
  private final List<Object> fails;
  private final List<Object> refuses;
  private final List<Object> badArguments;

  private OperatorCase(ConditionOperator operator, Object argument, List<Object> holds,
      List<Object> fails, List<Object> refuses, List<Object> badArguments) {
    this.operator = Objects.requireNonNull(operator, "operator");
    this.argument = argument;
    this.holds = holds;
    this.fails = fails;
    this.refuses = refuses;
    this.badArguments = badArguments;
  }

  /** A case of {@code operator} compiled with {@code argument} (as written in a policy). */
  public static OperatorCase of(ConditionOperator operator, Object argument) {
    return new OperatorCase(operator, argument, List.of(), List.of(), List.of(), List.of());
  }

  /** Values the condition must hold for. */
  public OperatorCase holds(Object... values) {
    return new OperatorCase(operator, argument, plus(holds, values), fails, refuses, badArguments);
  }

  /** Values the condition must judge and find failing ({@code refuses} is {@code false}). */
  public OperatorCase fails(Object... values) {
    return new OperatorCase(operator, argument, holds, plus(fails, values), refuses, badArguments);
  }

  /**
   * Values the condition cannot judge: the wrong type, forbidden characters, malformed input
   * ({@code test} is {@code false} and {@code refuses} is {@code true}, so a deny rule on the
   * parameter still matches).
   */
  public OperatorCase refuses(Object... values) {
    return new OperatorCase(operator, argument, holds, fails, plus(refuses, values), badArguments);
  }

  /** Arguments the operator must reject at policy load with a located {@code PolicyException}. */
  public OperatorCase rejectsArguments(Object... arguments) {
    return new OperatorCase(operator, argument, holds, fails, refuses, plus(badArguments, arguments));
  }

  /** The operator. */
  public ConditionOperator operator() {
    return operator;
  }

  /** The argument the condition is compiled with. */
  public Object argument() {
    return argument;
  }

  /** Values that must hold. */
  public List<Object> holdingValues() {
    return holds;
  }

  /** Values that must be judged failing. */
  public List<Object> failingValues() {
    return fails;
  }

  /** Values that must be refused. */
  public List<Object> refusedValues() {
    return refuses;
  }

  /** Arguments that must be rejected at policy load. */
  public List<Object> rejectedArguments() {
    return badArguments;
  }

  @Override
  public String toString() {
    String name;
    try {
      name = operator.name();
    } catch (RuntimeException e) {
      name = operator.getClass().getName();
    }
    return name + ": " + argument;
  }

  private static List<Object> plus(List<Object> list, Object[] values) {
    List<Object> out = new ArrayList<>(list);
    out.addAll(values == null ? Collections.singletonList(null) : Arrays.asList(values));
    return Collections.unmodifiableList(out);
  }
}
