package io.ape.examples;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperatorProvider;
import io.ape.spi.ProviderContext;

/**
 * A custom condition operator {@code max_path_depth: N}: the value is a string path with at most
 * N non-empty segments. Anything else (not a string, {@code ..} segments) is refused.
 * Registered in META-INF/services and picked up by the policy engine through ServiceLoader.
 */
public final class MaxPathDepthOperatorProvider implements ConditionOperatorProvider {
  /** The operator name used in policy files. */
  public static final String NAME = "max_path_depth";

  /** Used by {@link java.util.ServiceLoader}. */
  public MaxPathDepthOperatorProvider() {}

  @Override
  public String id() {
    return NAME; // an operator provider's id is its operator's name
  }

  @Override
  public ConditionOperator create(ProviderContext context) {
    return new MaxPathDepth();
  }

  private static final class MaxPathDepth implements ConditionOperator {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public CompiledCondition compile(ConditionSpec spec) {
      if (!(spec.argument() instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
        throw PolicyProblems.invalid(spec, NAME + " takes a positive whole number");
      }
      int max = n.intValue();
      return new CompiledCondition() {
        @Override
        public boolean test(Object value) {
          int depth = depth(value);
          return depth >= 0 && depth <= max;
        }

        @Override
        public String describeFailure(Object value) {
          return depth(value) < 0 ? "is not a plain path" : "is deeper than " + max + " segments";
        }

        @Override
        public boolean refuses(Object value) {
          return depth(value) < 0;
        }
      };
    }

    private static int depth(Object value) {
      if (!(value instanceof String s)) {
        return -1;
      }
      int depth = 0;
      for (String segment : s.split("/", -1)) {
        if (segment.equals("..") || segment.equals(".")) {
          return -1;
        }
        if (!segment.isEmpty()) {
          depth++;
        }
      }
      return depth;
    }
  }

  /** Builds the validation error the engine reports for a bad argument. */
  private static final class PolicyProblems {
    private PolicyProblems() {}

    static PolicyValidationException invalid(ConditionSpec spec, String message) {
      return new PolicyValidationException(java.util.List.of(new io.ape.api.PolicyProblem(
          spec.location(), spec.parameter() + "." + NAME, message)));
    }
  }
}
