package io.ape.agentdojo.ape;

import io.ape.agentdojo.run.RunContext;
import io.ape.agentdojo.run.ToolCallOutcome;
import io.ape.agentdojo.run.ToolCaller;
import io.ape.agentdojo.tools.ToolFailure;
import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.Decision;
import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.SessionOptions;
import java.util.Map;
import java.util.Objects;

/**
 * One run through APE: one {@link AgentSession} of the suite's engine. The user's prompt is the
 * session's trusted user message; every call is {@link AgentSession#call} with the arguments as
 * the agent wrote them (no labels: every argument is "written by the model", and its provenance
 * is what the session's tracker saw); the engine records each result in the tracker as untrusted
 * unless the policy lists the tool as a trusted source. The outcome maps the guarded call's:
 * EXECUTED is the tool's value ({@code null} for Python's {@code None}), TOOL_FAILED the tool's own
 * error text, anything else a refusal whose message is {@link GuardedCallResult#modelMessage()}
 * (what a model would be told) and whose {@link ToolCallOutcome.Why} carries the decision for the
 * report. Not thread-safe (one run, one thread).
 *
 * @since 0.2.0
 */
public final class ApeToolCaller implements ToolCaller {
  private final SuiteEngine engine;
  private final RunContext context;
  private final AgentSession session;

  ApeToolCaller(SuiteEngine engine, RunContext context) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.context = Objects.requireNonNull(context, "context");
    this.session = engine.engine().openSession(SessionOptions.forUser("emma.johnson"));
  }

  /** The session of this run (its tracker, its intent). */
  public AgentSession session() {
    return session;
  }

  @Override
  public void recordUserMessage(String prompt) {
    session.recordUserMessage(prompt);
  }

  @Override
  public ToolCallOutcome call(String tool, Map<String, Object> arguments) {
    GuardedCallResult result;
    engine.bind(context.toolbox());
    try {
      result = session.call(tool, arguments);
    } finally {
      engine.unbind();
    }
    return outcome(result);
  }

  /** The outcome of a guarded call's result. */
  static ToolCallOutcome outcome(GuardedCallResult result) {
    if (result == null) {
      return ToolCallOutcome.refused("APE refused this tool call: it could not be checked safely.",
          new ToolCallOutcome.Why("FAILED", "", "the guarded call returned nothing"));
    }
    if (result.status() == CallStatus.EXECUTED) {
      return ToolCallOutcome.executed(result.value().value());
    }
    if (result.status() == CallStatus.TOOL_FAILED) {
      ToolFailure failure = toolFailure(result.error());
      return ToolCallOutcome.failed(failure != null ? failure.modelText() : result.modelMessage());
    }
    return ToolCallOutcome.refused(result.modelMessage(), why(result));
  }

  private static ToolCallOutcome.Why why(GuardedCallResult result) {
    Decision d = result.decision();
    ApeException e = result.error();
    String rule;
    String reason;
    if (d != null && d.outcome() != io.ape.api.Outcome.ALLOW) {
      rule = d.matchedRule() != null ? d.matchedRule() : d.source().name();
      reason = d.reason();
    } else {
      rule = e == null ? "" : e.getClass().getSimpleName();
      reason = e == null || e.getMessage() == null ? "" : e.getMessage();
    }
    java.util.Map<String, String> labels = new java.util.TreeMap<>();
    result.parameterLabels().forEach((k, v) -> labels.put(k, v.name()));
    return new ToolCallOutcome.Why(result.status().name(), rule, reason, labels);
  }

  private static ToolFailure toolFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ToolFailure f) {
        return f;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  @Override
  public void close() {
    session.close();
  }
}
