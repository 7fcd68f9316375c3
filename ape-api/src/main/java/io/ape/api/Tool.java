package io.ape.api;

import java.util.Map;

/**
 * A tool implementation. APE calls it only through the enforcement gate, with the parameters
 * bound into the consumed authority token.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Tool {
  /**
   * Runs the tool.
   *
   * @param parameters the token's bound parameters (unmodifiable)
   * @return the result (any object; labelled EXTERNAL_UNTRUSTED unless the tool is trusted)
   * @throws Exception anything; the gate wraps it in {@link ToolExecutionException}
   */
  Object invoke(Map<String, Object> parameters) throws Exception;
}
