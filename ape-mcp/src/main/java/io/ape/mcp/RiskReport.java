package io.ape.mcp;

import io.ape.api.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * What a generated policy does with each tool, and what the user must review. A record of plain
 * values, so it serialises to JSON as it is ({@link McpReports#toJson(Object)}); its text form is
 * {@link McpReports#riskText(RiskReport)}. Contains no secret and no path other than the
 * configuration's file name.
 *
 * @param sourceName the configuration's file name
 * @param mode whether the tools were read from the servers or inferred
 * @param policyName the generated policy's name
 * @param tools one assessment per allowed or escalated tool, by server then tool
 * @param renamed tools whose action id is not plainly {@code server.tool}
 * @param collisions tool names offered by several servers
 * @param unscanned servers whose tools are not in the policy, each as {@code name: STATUS - why}
 * @param warnings everything else to review (from the scan and the generation)
 */
public record RiskReport(
    String sourceName,
    ScanMode mode,
    String policyName,
    List<ToolAssessment> tools,
    List<ActionIdMapping> renamed,
    List<ToolNameCollision> collisions,
    List<String> unscanned,
    List<String> warnings) {

  public RiskReport {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(policyName, "policyName");
    tools = List.copyOf(tools);
    renamed = List.copyOf(renamed);
    collisions = List.copyOf(collisions);
    unscanned = List.copyOf(unscanned);
    warnings = List.copyOf(warnings);
  }

  /** Number of tools the policy allows. */
  public long allowedCount() {
    return tools.stream().filter(t -> t.decision() == Outcome.ALLOW).count();
  }

  /** Number of tools the policy escalates. */
  public long escalatedCount() {
    return tools.stream().filter(t -> t.decision() == Outcome.ESCALATE).count();
  }

  /** Number of tools whose rule carries a placeholder to fill in. */
  public long placeholderCount() {
    return tools.stream().filter(ToolAssessment::hasPlaceholders).count();
  }
}
