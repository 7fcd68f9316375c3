package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.core.internal.ListValues;
import io.ape.spi.ConditionOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The list quantifiers {@code each: {operator: argument, ...}} and {@code any: {...}}: the
 * nested operators (all of them, as in a parameter's own conditions) are applied to every
 * element of a list value ({@link ListValues}).
 *
 * <ul>
 *   <li>{@code each} holds when every element satisfies every nested operator. <b>An empty list
 *       satisfies {@code each}</b> (there is no element that fails, as in every logic and in
 *       OPA's {@code every}); add {@code count: {min: 1}} to require an element.</li>
 *   <li>{@code any} holds when at least one element satisfies every nested operator; <b>an
 *       empty list never satisfies {@code any}</b>.</li>
 * </ul>
 *
 * <p><b>Values they cannot judge.</b> A value that is not a list. For {@code each}: a list in
 * which no element fails a nested operator but some element cannot be judged by one (a deny
 * rule {@code to: {each: ...}} is not bypassed by one unreadable recipient). For {@code any}: a
 * list in which no element holds but some element cannot be judged. An element itself is
 * judged like a parameter: it holds when every nested operator holds, fails when one judges it
 * and fails, and cannot be judged otherwise.
 *
 * <p>Nested operators are any operators except {@code present}, {@code absent} and
 * {@code provenance}, which speak about parameters, not values; {@code each} and {@code any}
 * nest for lists of lists.
 */
final class QuantifierOperator implements ConditionOperator {
  static final String EACH = "each";
  static final String ANY = "any";

  private final String name;
  private final boolean universal;
  private final Function<String, Optional<ConditionOperator>> operators;

  private QuantifierOperator(String name, boolean universal,
      Function<String, Optional<ConditionOperator>> operators) {
    this.name = name;
    this.universal = universal;
    this.operators = operators;
  }

  static QuantifierOperator each(Function<String, Optional<ConditionOperator>> operators) {
    return new QuantifierOperator(EACH, true, operators);
  }

  static QuantifierOperator any(Function<String, Optional<ConditionOperator>> operators) {
    return new QuantifierOperator(ANY, false, operators);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    if (!(spec.argument() instanceof Map<?, ?> map) || map.isEmpty()) {
      throw Arguments.invalid(spec, name + " needs a mapping of operators for the elements, for"
          + " example '" + name + ": {email_domain_in: [example.com]}', got "
          + Values.typeName(spec.argument()) + " " + Values.printable(spec.argument()));
    }
    List<CompiledCondition> nested = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String operator = String.valueOf(e.getKey());
      if (ConditionOperators.isParameterOperator(operator)) {
        throw Arguments.invalid(spec, name + ": '" + operator + "' speaks about a parameter, not"
            + " a value; write it beside '" + name + "', not inside it");
      }
      ConditionOperator op = operators.apply(operator).orElseThrow(() -> Arguments.invalid(spec,
          name + ": unknown operator " + Values.printable(operator) + " for the elements"));
      ConditionSpec elementSpec = new ConditionSpec(spec.parameter(), operator, e.getValue(),
          spec.location());
      CompiledCondition compiled;
      try {
        compiled = op.compile(elementSpec);
      } catch (PolicyValidationException ex) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (PolicyProblem p : ex.problems()) {
          problems.add(new PolicyProblem(p.location(), p.path(), name + ": " + p.message()));
        }
        throw new PolicyValidationException(problems);
      } catch (PolicyException ex) {
        throw Arguments.invalid(spec, name + ": " + ex.getMessage());
      } catch (RuntimeException ex) {
        throw Arguments.invalid(spec, name + ": operator '" + operator + "' failed to compile: "
            + ex);
      }
      if (compiled == null) {
        throw Arguments.invalid(spec, name + ": operator '" + operator + "' compiled to null");
      }
      nested.add(compiled);
      names.add(operator);
    }
    return new Compiled(universal, nested.toArray(new CompiledCondition[0]),
        names.toArray(new String[0]));
  }

  /** The judgement of one element against every nested operator. */
  private static final int HOLDS = 0;
  private static final int FAILS = 1;
  private static final int CANNOT_JUDGE = 2;

  private static final class Compiled implements CompiledCondition {
    private final boolean universal;
    private final CompiledCondition[] nested;
    private final String[] names;

    Compiled(boolean universal, CompiledCondition[] nested, String[] names) {
      this.universal = universal;
      this.nested = nested;
      this.names = names;
    }

    private int judge(Object element) {
      int result = HOLDS;
      for (CompiledCondition c : nested) {
        if (!c.test(element)) {
          if (!c.refuses(element)) {
            return FAILS;
          }
          result = CANNOT_JUDGE;
        }
      }
      return result;
    }

    /** Whether the element holds, without judging refusals (the hot path). */
    private boolean holds(Object element) {
      for (CompiledCondition c : nested) {
        if (!c.test(element)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean test(Object value) {
      List<?> elements = ListValues.elements(value);
      if (elements == null) {
        return false;
      }
      for (int i = 0, n = elements.size(); i < n; i++) {
        boolean holds = holds(elements.get(i));
        if (universal != holds) {
          return !universal;
        }
      }
      return universal;
    }

    @Override
    public boolean refuses(Object value) {
      List<?> elements = ListValues.elements(value);
      if (elements == null) {
        return true;
      }
      boolean unjudged = false;
      for (Object element : elements) {
        int j = judge(element);
        if (universal ? j == FAILS : j == HOLDS) {
          return false;
        }
        unjudged |= j == CANNOT_JUDGE;
      }
      return unjudged;
    }

    @Override
    public String describeFailure(Object value) {
      List<?> elements = ListValues.elements(value);
      if (elements == null) {
        return "value " + Values.printable(value) + " is " + Values.typeName(value)
            + ", not a list (" + (universal ? EACH : ANY) + " checks list elements)";
      }
      if (!universal && elements.isEmpty()) {
        return "the list is empty, so no element satisfies any";
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < elements.size(); i++) {
        Object element = elements.get(i);
        for (int k = 0; k < nested.length; k++) {
          if (!nested[k].test(element)) {
            if (universal) {
              return "element [" + i + "] fails " + names[k] + ": "
                  + nested[k].describeFailure(element);
            }
            if (i < 3) {
              sb.append(sb.length() > 0 ? "; " : "");
              sb.append("element [").append(i).append("] fails ").append(names[k]).append(": ")
                  .append(nested[k].describeFailure(element));
            }
            break;
          }
        }
      }
      return universal ? "condition failed"
          : "no element satisfies every operator of any"
              + (elements.size() > 3 ? " (the first three shown)" : "") + ": " + sb;
    }
  }
}
