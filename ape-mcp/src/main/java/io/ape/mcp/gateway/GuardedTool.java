package io.ape.mcp.gateway;

import io.ape.api.ActionIds;
import io.ape.api.ParameterValues;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import java.util.Map;
import java.util.Objects;

/**
 * A tool registered with a {@link CallGuard} (the engine's {@code ToolRegistration}): the only way
 * the gateway reaches an upstream operation.
 *
 * @param toolId the tool id ({@code server.tool}, in the action-id alphabet)
 * @param actionId the policy's action id (the gateway uses the tool id)
 * @param tool runs the upstream operation with the parameters bound into the consumed token
 * @param riskLevel the risk the gateway assessed from the tool's annotations (see
 *     {@code ToolClassifier}); never {@code null}
 * @param parameterSchema the tool's JSON input schema, or {@code null} if unknown
 * @param description a one-line description for audit and plans ({@code ""} if none)
 * @since 0.2.0
 */
public record GuardedTool(String toolId, String actionId, Tool tool, RiskLevel riskLevel,
    Map<String, Object> parameterSchema, String description) {
  public GuardedTool {
    if (!ActionIds.isValid(toolId) || !ActionIds.isValid(actionId)) {
      throw new IllegalArgumentException("malformed tool or action id: " + ActionIds.printable(toolId)
          + " / " + ActionIds.printable(actionId));
    }
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(riskLevel, "riskLevel");
    parameterSchema = parameterSchema == null ? null : ParameterValues.copyOf(parameterSchema);
    description = description == null ? "" : description;
  }
}
