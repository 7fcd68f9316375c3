package io.ape.engine;

import io.ape.api.ActionIds;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ParameterValues;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import java.util.Map;
import java.util.Objects;

/**
 * How a tool enters an {@link ApeEngine}: the tool, the action the policy decides on, its risk,
 * the schema of its arguments, and whether its output is a trusted source.
 *
 * <p>Registration never widens authority: a {@code null} risk level means the action
 * repository's, or HIGH for an action it does not know (fail closed); a risk or schema that
 * contradicts the repository's definition of the action is refused; and
 * {@code trustedSource = true} is accepted only if the policy lists the tool under
 * {@code trusted_sources} (today: {@code metadata.trusted_sources} of the policy file) — a
 * registration cannot make a tool trusted by itself.
 *
 * @param toolId the tool's id, e.g. {@code getTicket} or {@code filesystem.write_file}
 * @param actionId the policy's action id; usually the tool id
 * @param tool the implementation; the engine runs it only through its enforcement gate
 * @param riskLevel the action's risk, or {@code null} for the repository's (else HIGH)
 * @param parameterSchema the JSON schema of the arguments (deep copy), or {@code null}
 * @param trustedSource whether the tool's output is a trusted input of the session
 * @since 0.2.0
 */
public record ToolRegistration(
    String toolId,
    String actionId,
    Tool tool,
    RiskLevel riskLevel,
    Map<String, Object> parameterSchema,
    boolean trustedSource) {

  /**
   * Validates the registration.
   *
   * @throws ApeConfigurationException if an id is malformed or the tool is {@code null}
   */
  public ToolRegistration {
    if (!ActionIds.isValid(toolId)) {
      throw new ApeConfigurationException("malformed tool id '" + ActionIds.printable(toolId)
          + "' (allowed: " + ActionIds.pattern() + ")");
    }
    if (!ActionIds.isValid(actionId)) {
      throw new ApeConfigurationException("malformed action id '" + ActionIds.printable(actionId)
          + "' for tool '" + toolId + "' (allowed: " + ActionIds.pattern() + ")");
    }
    if (tool == null) {
      throw new ApeConfigurationException("tool '" + toolId + "' must not be null");
    }
    parameterSchema = parameterSchema == null ? null : ParameterValues.copyOf(parameterSchema);
  }

  /** A tool whose action id is its tool id, with the repository's risk (else HIGH), untrusted. */
  public static ToolRegistration of(String toolId, Tool tool) {
    return new ToolRegistration(toolId, toolId, tool, null, null, false);
  }

  /** A copy performing {@code action}. */
  public ToolRegistration withAction(String action) {
    return new ToolRegistration(toolId, action, tool, riskLevel, parameterSchema, trustedSource);
  }

  /** A copy with the risk level {@code risk}. */
  public ToolRegistration withRisk(RiskLevel risk) {
    return new ToolRegistration(toolId, actionId, tool, Objects.requireNonNull(risk, "risk"),
        parameterSchema, trustedSource);
  }

  /** A copy with the argument schema {@code schema}. */
  public ToolRegistration withSchema(Map<String, ?> schema) {
    return new ToolRegistration(toolId, actionId, tool, riskLevel,
        ParameterValues.copyOf(Objects.requireNonNull(schema, "schema")), trustedSource);
  }

  /** A copy declared a trusted source (accepted only if the policy lists the tool). */
  public ToolRegistration asTrustedSource() {
    return new ToolRegistration(toolId, actionId, tool, riskLevel, parameterSchema, true);
  }

  @Override
  public String toString() {
    return "ToolRegistration[" + toolId + (actionId.equals(toolId) ? "" : " -> " + actionId)
        + (riskLevel == null ? "" : ", " + riskLevel) + (trustedSource ? ", trusted source" : "")
        + "]";
  }
}
