package io.ape.agentdojo.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one run that reached a tool, in order, and whether each returned. AgentDojo's
 * trace-based checks see every call that reached a tool ({@link #reached()}); a call the
 * enforcement point refused is not in the trace (it did not happen).
 *
 * @param calls the calls that reached a tool
 * @since 0.2.0
 */
public record RunTrace(List<Entry> calls) {
  /** One call and whether the tool returned (rather than failed). */
  public record Entry(FunctionCall call, boolean returned) {}

  public RunTrace {
    calls = List.copyOf(calls);
  }

  /** Every call that reached a tool (AgentDojo's {@code functions_stack_trace}). */
  public List<FunctionCall> reached() {
    List<FunctionCall> out = new ArrayList<>();
    calls.forEach(e -> out.add(e.call()));
    return out;
  }

  /** The calls whose tool returned. */
  public List<FunctionCall> returned() {
    List<FunctionCall> out = new ArrayList<>();
    calls.forEach(e -> {
      if (e.returned()) {
        out.add(e.call());
      }
    });
    return out;
  }
}
