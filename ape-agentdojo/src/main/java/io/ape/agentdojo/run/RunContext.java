package io.ape.agentdojo.run;

import io.ape.agentdojo.tools.Toolbox;
import java.util.Objects;

/**
 * What a {@link ToolCallerFactory} needs to open a caller for one run: which pair it is and the
 * suite's tools bound to this run's environment.
 *
 * @param suite the suite
 * @param userTaskId the user task
 * @param injectionTaskId the injection task, or {@code null} for a benign run
 * @param toolbox the tools of this run (their specs give names, descriptions and JSON schemas)
 * @since 0.2.0
 */
public record RunContext(String suite, String userTaskId, String injectionTaskId, Toolbox<?> toolbox) {
  public RunContext {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(userTaskId, "userTaskId");
    Objects.requireNonNull(toolbox, "toolbox");
  }

  /** {@code true} for a run with an injection. */
  public boolean attacked() {
    return injectionTaskId != null;
  }
}
