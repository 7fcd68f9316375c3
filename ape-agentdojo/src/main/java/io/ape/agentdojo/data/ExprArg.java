package io.ape.agentdojo.data;

import java.util.List;
import java.util.Objects;

/**
 * A ground-truth argument that AgentDojo computes from the pre-environment: the Python expression
 * and the statements that define its names. The harness evaluates it with the Java translation
 * registered for the task under exactly this expression text.
 *
 * @param expr the Python expression, e.g. {@code self.get_external_channel(pre_environment)}
 * @param where the defining statements, in order (empty when none)
 * @since 0.2.0
 */
public record ExprArg(String expr, List<String> where) {
  public ExprArg {
    Objects.requireNonNull(expr, "expr");
    where = where == null ? List.of() : List.copyOf(where);
  }
}
