package io.ape.core.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The targets of a step, for the target rate limits: every target-like string parameter (its
 * {@code url}, {@code host}, {@code path}, ...). (The {@code policy} engineer is adding
 * {@code io.ape.core.ratelimit.Targets}, which may replace this.)
 *
 * @since 0.2.0
 */
public final class StepTargets {
  private static final List<String> TARGET_KEYS = List.of("url", "host", "path", "directory",
      "to", "from", "source", "destination");
  private static final List<String> MAIN_KEYS = List.of("path", "url", "directory", "to", "table",
      "query", "command");

  private StepTargets() {}

  /** Every non-empty target-like string parameter, in a fixed order of keys. */
  public static List<String> of(Map<String, Object> parameters) {
    List<String> out = new ArrayList<>(2);
    for (String key : TARGET_KEYS) {
      Object v = parameters.get(key);
      if (v instanceof String s && !s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
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
