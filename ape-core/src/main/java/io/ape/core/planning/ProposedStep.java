package io.ape.core.planning;

import io.ape.api.ParameterValues;
import java.util.Map;

/**
 * One step of a model's proposed plan, as parsed and not yet validated: everything in it is
 * untrusted.
 *
 * @param index 0-based position in the proposal
 * @param actionId the action id exactly as written (may be malformed or unknown)
 * @param toolId the tool id as written, or {@code null} when the step names none
 * @param parameters the parameters (deep, unmodifiable copy)
 * @param description the step's description ({@code ""} if none; control characters removed,
 *     at most 200 characters)
 * @param escalationMarked whether the step says it needs an approved escalation
 */
public record ProposedStep(int index, String actionId, String toolId,
    Map<String, Object> parameters, String description, boolean escalationMarked) {
  static final int MAX_DESCRIPTION = 200;

  public ProposedStep {
    parameters = ParameterValues.copyOf(parameters);
    description = clean(description);
  }

  private static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_DESCRIPTION));
    for (int i = 0; i < s.length() && sb.length() < MAX_DESCRIPTION; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString().strip();
  }
}
