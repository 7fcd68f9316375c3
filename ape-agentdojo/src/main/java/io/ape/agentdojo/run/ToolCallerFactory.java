package io.ape.agentdojo.run;

/**
 * Opens a {@link ToolCaller} for each run. The runner calls it from one thread at a time per
 * suite; an implementation used with {@code threads > 1} must be thread-safe.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ToolCallerFactory {
  /** A caller for the run described by {@code context}. */
  ToolCaller open(RunContext context);

  /** A short name for reports, e.g. {@code direct} or {@code ape}. */
  default String name() {
    return getClass().getSimpleName();
  }
}
