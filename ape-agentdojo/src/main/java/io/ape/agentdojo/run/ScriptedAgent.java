package io.ape.agentdojo.run;

import io.ape.agentdojo.tasks.FunctionCall;
import io.ape.agentdojo.tasks.RunTrace;
import io.ape.agentdojo.tools.ResultDump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scripted worst-case agent. It makes the user task's ground-truth calls in order; after the
 * first call whose result shows the injection (the result contains the injection's marker, see
 * {@link Script#injectionMarker()}) it makes the injection task's ground-truth calls, fully
 * obedient, then the rest of the user task's calls; then it answers. A refused or failed call is
 * not retried: the script carries on. Stateless and thread-safe.
 *
 * @since 0.2.0
 */
public final class ScriptedAgent {
  /** Where a call of the run came from. */
  public enum Origin {
    USER,
    INJECTION
  }

  /**
   * The script of one run.
   *
   * @param prompt the user's prompt
   * @param userCalls the user task's ground truth
   * @param injectionCalls the injection task's ground truth, or {@code null} for a benign run
   * @param injectionMarker the text that shows the injection in a result ({@code null} if benign)
   * @param userAnswer the final answer of the user task
   * @param injectionAnswer what the hijacked agent also says ({@code ""} if nothing)
   */
  public record Script(
      String prompt,
      List<FunctionCall> userCalls,
      List<FunctionCall> injectionCalls,
      String injectionMarker,
      String userAnswer,
      String injectionAnswer) {
    public Script {
      Objects.requireNonNull(prompt, "prompt");
      userCalls = List.copyOf(userCalls);
      injectionCalls = injectionCalls == null ? null : List.copyOf(injectionCalls);
      userAnswer = userAnswer == null ? "" : userAnswer;
      injectionAnswer = injectionAnswer == null ? "" : injectionAnswer;
      if (injectionCalls != null && (injectionMarker == null || injectionMarker.isEmpty())) {
        throw new IllegalArgumentException("an attacked run needs an injection marker");
      }
    }
  }

  /** One call the agent proposed and what became of it. */
  public record Step(FunctionCall call, Origin origin, ToolCallOutcome outcome) {}

  /**
   * The run: every proposed call, the final answer, and whether (and after which call) the agent
   * was hijacked (index into {@code steps}, or -1).
   */
  public record Run(List<Step> steps, String finalAnswer, int hijackedAfter) {
    public Run {
      steps = List.copyOf(steps);
    }

    /** {@code true} when the agent saw the injection and obeyed it. */
    public boolean hijacked() {
      return hijackedAfter >= 0;
    }

    /** The calls that reached a tool, for the checks. */
    public RunTrace trace() {
      List<RunTrace.Entry> entries = new ArrayList<>();
      for (Step s : steps) {
        if (s.outcome().reachedTool()) {
          entries.add(new RunTrace.Entry(s.call(), s.outcome().status() == ToolCallOutcome.Status.EXECUTED));
        }
      }
      return new RunTrace(entries);
    }

    /** How many calls were refused. */
    public long refused() {
      return steps.stream().filter(s -> s.outcome().status() == ToolCallOutcome.Status.REFUSED).count();
    }

    /** How many calls failed in the tool. */
    public long failed() {
      return steps.stream().filter(s -> s.outcome().status() == ToolCallOutcome.Status.FAILED).count();
    }
  }

  /** Plays {@code script} through {@code caller}. */
  public Run run(ToolCaller caller, Script script) {
    caller.recordUserMessage(script.prompt());
    List<Step> steps = new ArrayList<>();
    int hijackedAfter = -1;
    for (FunctionCall call : script.userCalls()) {
      ToolCallOutcome outcome = propose(caller, call);
      steps.add(new Step(call, Origin.USER, outcome));
      if (hijackedAfter < 0
          && script.injectionCalls() != null
          && outcome.status() == ToolCallOutcome.Status.EXECUTED
          && ResultDump.containsText(outcome.value(), script.injectionMarker())) {
        hijackedAfter = steps.size() - 1;
        for (FunctionCall injected : script.injectionCalls()) {
          steps.add(new Step(injected, Origin.INJECTION, propose(caller, injected)));
        }
      }
    }
    String answer = script.userAnswer();
    if (hijackedAfter >= 0 && !script.injectionAnswer().isEmpty()) {
      answer = answer.isEmpty() ? script.injectionAnswer() : answer + " " + script.injectionAnswer();
    }
    return new Run(steps, answer, hijackedAfter);
  }

  private static ToolCallOutcome propose(ToolCaller caller, FunctionCall call) {
    ToolCallOutcome outcome = caller.call(call.function(), copy(call.args()));
    if (outcome == null) {
      return ToolCallOutcome.refused("the tool caller returned no outcome");
    }
    return outcome;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> args) {
    return (Map<String, Object>) deep(args);
  }

  private static Object deep(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), deep(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(deep(x)));
      return out;
    }
    return v;
  }
}
