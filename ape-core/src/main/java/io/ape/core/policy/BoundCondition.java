package io.ape.core.policy;

import io.ape.api.ActionRequest;
import io.ape.api.SourceLocation;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.Map;

/**
 * One condition of a rule bound to the parameter it tests. Immutable.
 *
 * <p>Three kinds: a condition on the parameter's value (an operator's compiled condition, or a
 * {@link ContextTemplate} compiled for the request's context values), and the two conditions
 * on the parameter's presence, {@code present: true} and {@code absent: true}, which the engine
 * judges itself. Per-parameter {@code provenance} is not a condition: it is part of the rule's
 * {@link TrustRequirement}.
 */
final class BoundCondition {
  /** What the condition tests. */
  enum Kind { VALUE, PRESENT, ABSENT }

  /** The condition holds. */
  static final int HOLDS = 0;
  /** The condition judged the value and found it failing. */
  static final int FAILS = 1;
  /**
   * The condition cannot judge the parameter: it is absent, the operator refuses its value, or
   * a context value the argument needs is missing.
   */
  static final int CANNOT_JUDGE = 2;

  final String parameter;
  final String operator;
  final SourceLocation location;
  final Kind kind;
  /** For {@link Kind#VALUE} without context values; else {@code null}. */
  final CompiledCondition condition;
  /** For {@link Kind#VALUE} with context values ({@code ${tenant}}, ...); else {@code null}. */
  final ContextTemplate template;
  /** The argument as written. */
  final Object argument;
  /** Whether testing reads the file system (its failure text may change over time). */
  final boolean readsFileSystem;

  private BoundCondition(String parameter, String operator, SourceLocation location, Kind kind,
      CompiledCondition condition, ContextTemplate template, Object argument,
      boolean readsFileSystem) {
    this.parameter = parameter;
    this.operator = operator;
    this.location = location;
    this.kind = kind;
    this.condition = condition;
    this.template = template;
    this.argument = argument;
    this.readsFileSystem = readsFileSystem;
  }

  static BoundCondition value(String parameter, String operator, SourceLocation location,
      CompiledCondition condition, Object argument, boolean readsFileSystem) {
    return new BoundCondition(parameter, operator, location, Kind.VALUE, condition, null,
        argument, readsFileSystem);
  }

  static BoundCondition templated(String parameter, String operator, SourceLocation location,
      ContextTemplate template, Object argument, boolean readsFileSystem) {
    return new BoundCondition(parameter, operator, location, Kind.VALUE, null, template,
        argument, readsFileSystem);
  }

  static BoundCondition presence(String parameter, boolean present, SourceLocation location) {
    return new BoundCondition(parameter, present ? "present" : "absent", location,
        present ? Kind.PRESENT : Kind.ABSENT, null, null, Boolean.TRUE, false);
  }

  /**
   * Judges the condition for a request.
   *
   * @param judgeRefusals {@code false} on the hot path of an ALLOW rule, where a value the
   *     condition cannot judge fails like any other: {@link #FAILS} is then returned for it
   * @return {@link #HOLDS}, {@link #FAILS} or {@link #CANNOT_JUDGE}
   */
  int judge(ActionRequest request, boolean judgeRefusals) {
    Map<String, Object> params = request.parameters();
    if (kind == Kind.PRESENT) {
      return params.containsKey(parameter) ? HOLDS : FAILS;
    }
    if (kind == Kind.ABSENT) {
      return params.containsKey(parameter) ? FAILS : HOLDS;
    }
    Object value = params.get(parameter);
    if (value == null && !params.containsKey(parameter)) {
      return judgeRefusals ? CANNOT_JUDGE : FAILS;
    }
    CompiledCondition c = condition != null ? condition : template.bind(request.context());
    if (c == null) {
      return judgeRefusals ? CANNOT_JUDGE : FAILS;
    }
    if (c.test(value)) {
      return HOLDS;
    }
    return judgeRefusals && c.refuses(value) ? CANNOT_JUDGE : FAILS;
  }

  /** Whether the parameter is absent from the request. */
  boolean isAbsentFrom(ActionRequest request) {
    return !request.parameters().containsKey(parameter);
  }

  /** Why the condition does not hold for the request, or {@code null} if it holds. */
  String failure(ActionRequest request) {
    Map<String, Object> params = request.parameters();
    boolean present = params.containsKey(parameter);
    if (kind == Kind.PRESENT) {
      return present ? null : "parameter '" + parameter + "' is absent, but must be present";
    }
    if (kind == Kind.ABSENT) {
      return present ? "parameter '" + parameter + "' is present, but must be absent" : null;
    }
    if (!present) {
      return "parameter '" + parameter + "' is absent";
    }
    Object value = params.get(parameter);
    CompiledCondition c = condition != null ? condition : template.bind(request.context());
    if (c == null) {
      return "parameter '" + parameter + "': " + template.whyUnbound(request.context());
    }
    if (c.test(value)) {
      return null;
    }
    String why = c.describeFailure(value);
    return "parameter '" + parameter + "': " + (why == null ? "condition failed" : why);
  }
}
