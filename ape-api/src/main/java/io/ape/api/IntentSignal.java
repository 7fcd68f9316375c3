package io.ape.api;

import java.util.Objects;

/**
 * One piece of evidence an intent compiler found in a prompt: a phrase that names an action.
 *
 * @param actionId the action the phrase names (well-formed)
 * @param phrase the matched text, exactly as it appears in the prompt
 * @param start offset of the phrase in the prompt (UTF-16 index, inclusive)
 * @param end offset of the end of the phrase (exclusive)
 * @param confidence how sure the compiler is, in [0, 1]
 * @param category the action's category
 *
 * @since 0.1.0
 */
public record IntentSignal(
    String actionId, String phrase, int start, int end, double confidence,
    ActionCategory category) {
  public IntentSignal {
    if (!ActionIds.isValid(actionId)) {
      throw new IntentCompilationException("signal names a malformed action id '"
          + ActionIds.printable(actionId) + "'");
    }
    Objects.requireNonNull(phrase, "phrase");
    if (start < 0 || end < start) {
      throw new IntentCompilationException("signal has an invalid span [" + start + ", " + end
          + ")");
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IntentCompilationException("signal confidence must be in [0, 1]: " + confidence);
    }
    Objects.requireNonNull(category, "category");
  }
}
