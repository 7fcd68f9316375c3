package io.ape.core.internal.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The targets of a step, for the target rate limits: every target of the call as
 * {@link io.ape.core.ratelimit.Targets} reads them (lists element by element, {@code cc} and
 * {@code bcc} included), and the step's main target for the programmatic limiter.
 *
 * @since 0.2.0
 */
public final class StepTargets {
  private static final List<String> MAIN_KEYS = List.of("path", "url", "directory", "to", "table",
      "query", "command");

  private StepTargets() {}

  /** Every target of the call (see {@link io.ape.core.ratelimit.Targets#of}). */
  public static List<String> of(Map<String, Object> parameters) {
    return io.ape.core.ratelimit.Targets.of(parameters);
  }

  /** The step's main target (its {@code path}, {@code url}, ...), or {@code ""}. */
  public static String mainTarget(Map<String, Object> parameters) {
    for (String key : MAIN_KEYS) {
      Object v = parameters.get(key);
      if (v instanceof String s) {
        return s;
      }
    }
    return "";
  }
}
