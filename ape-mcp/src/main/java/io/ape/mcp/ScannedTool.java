package io.ape.mcp;

import io.ape.api.ParameterValues;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tool of a server, as listed by the server or inferred from the catalogue.
 *
 * <p>Name, title, description and schema come from the server and are untrusted text: they are
 * stored as given, and every renderer escapes them.
 *
 * @param name the tool's name as the server gives it (may contain characters outside the
 *     action-id alphabet; the policy generator maps them)
 * @param title its title ({@code ""} when absent)
 * @param description its description ({@code ""} when absent)
 * @param inputSchema its JSON input schema (deep, unmodifiable; empty when unknown)
 * @param hints its annotations
 * @param source where it was learned from
 * @param schemaProblem why the schema could not be analysed ({@code ""} when it could)
 * @param poisoning signs of hidden instructions in what the server said about the tool, found
 *     by {@link ToolPoisoningDetector} on its raw text (empty when none, or not examined)
 */
public record ScannedTool(
    String name,
    String title,
    String description,
    Map<String, Object> inputSchema,
    ToolHints hints,
    ToolSource source,
    String schemaProblem,
    List<PoisoningFinding> poisoning) {

  public ScannedTool {
    Objects.requireNonNull(name, "name");
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    inputSchema = ParameterValues.copyOf(inputSchema);
    hints = hints == null ? ToolHints.unknown() : hints;
    Objects.requireNonNull(source, "source");
    schemaProblem = schemaProblem == null ? "" : schemaProblem;
    poisoning = poisoning == null ? List.of() : List.copyOf(poisoning);
  }

  /** A tool that was not examined for poisoning (or showed no sign of it). */
  public ScannedTool(String name, String title, String description, Map<String, Object> inputSchema,
      ToolHints hints, ToolSource source, String schemaProblem) {
    this(name, title, description, inputSchema, hints, source, schemaProblem, List.of());
  }

  /** This tool with the given poisoning findings. */
  public ScannedTool withPoisoning(List<PoisoningFinding> findings) {
    return new ScannedTool(name, title, description, inputSchema, hints, source, schemaProblem, findings);
  }

  /** A tool known by name only (hints and schema unknown). */
  public static ScannedTool nameOnly(String name, ToolSource source) {
    return new ScannedTool(name, "", "", Map.of(), ToolHints.unknown(), source,
        "no input schema known");
  }
}
