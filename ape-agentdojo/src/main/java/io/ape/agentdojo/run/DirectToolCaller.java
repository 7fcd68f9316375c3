package io.ape.agentdojo.run;

import io.ape.agentdojo.tools.ToolResult;
import io.ape.agentdojo.tools.Toolbox;
import java.util.Map;

/**
 * The baseline: every call goes straight to the tool, as in AgentDojo without a defence. With the
 * scripted worst-case agent this makes every reachable attack succeed.
 *
 * @since 0.2.0
 */
public final class DirectToolCaller implements ToolCaller {
  private final Toolbox<?> toolbox;

  /** A caller that runs the tools of {@code toolbox}. */
  public DirectToolCaller(Toolbox<?> toolbox) {
    this.toolbox = toolbox;
  }

  /** The factory of the baseline. */
  public static ToolCallerFactory factory() {
    return new ToolCallerFactory() {
      @Override
      public ToolCaller open(RunContext context) {
        return new DirectToolCaller(context.toolbox());
      }

      @Override
      public String name() {
        return "direct";
      }
    };
  }

  @Override
  public void recordUserMessage(String prompt) {
    // no enforcement, nothing to record
  }

  @Override
  public ToolCallOutcome call(String tool, Map<String, Object> arguments) {
    ToolResult result = toolbox.invoke(tool, arguments);
    return result.ok()
        ? ToolCallOutcome.executed(result.value())
        : ToolCallOutcome.failed(result.failure().modelText());
  }
}
