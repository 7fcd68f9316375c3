package io.ape.agentdojo.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool call with concrete arguments: a step of a script, or an entry of the trace the
 * trace-based checks read.
 *
 * @param function the tool name
 * @param args the arguments as the agent passed them
 * @since 0.2.0
 */
public record FunctionCall(String function, Map<String, Object> args) {
  public FunctionCall {
    Objects.requireNonNull(function, "function");
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }
}
