package io.ape.agentdojo.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a task's ground truth as the data gives it: literal arguments (JSON values) and
 * {@link ExprArg}s still to be evaluated.
 *
 * @param function the tool name
 * @param args the arguments in order; a value is a JSON value or an {@link ExprArg}
 * @since 0.2.0
 */
public record GroundTruthCall(String function, Map<String, Object> args) {
  public GroundTruthCall {
    Objects.requireNonNull(function, "function");
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** {@code true} when every argument is a literal. */
  public boolean literal() {
    return args.values().stream().noneMatch(v -> v instanceof ExprArg);
  }
}
