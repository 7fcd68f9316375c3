package io.ape.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ape.api.ActionIds;
import io.ape.api.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text and JSON renderings of {@link McpConfig}, {@link ScanResult} and {@link RiskReport}, for a
 * command line's {@code mcp-info}, {@code mcp-scan} and {@code --json}.
 *
 * <p>Guarantees: no rendering contains a value of {@code env} or {@code headers} (names only),
 * arguments and URLs are shown redacted, and text renderings put untrusted server text (names,
 * descriptions, messages) on one line with control characters removed, so a server cannot forge
 * terminal output. JSON renderings are pretty-printed, stable in field order, and contain no
 * text header. Stateless.
 */
public final class McpReports {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private McpReports() {}

  /** JSON of any of this module's result records. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new McpConfigException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** What {@code mcp-info} prints: the format and each server, secrets masked. */
  public static String configText(McpConfig config) {
    StringBuilder sb = new StringBuilder();
    sb.append("MCP configuration: ").append(line(config.sourceName()))
        .append(" (").append(config.format().displayName()).append(")\n");
    sb.append("Servers: ").append(config.servers().size()).append('\n');
    for (McpServerConfig s : config.servers()) {
      sb.append("\n  ").append(line(s.name()));
      if (!s.scope().isEmpty()) {
        sb.append("  [project ").append(line(s.scope())).append(']');
      }
      sb.append('\n');
      sb.append("    transport: ").append(s.transport()).append('\n');
      if (s.transport() == TransportKind.STDIO) {
        sb.append("    command:   ").append(line(s.displayTarget())).append('\n');
        if (!s.cwd().isEmpty()) {
          sb.append("    cwd:       ").append(line(s.displayCwd())).append('\n');
        }
      } else {
        sb.append("    url:       ").append(line(s.displayUrl())).append('\n');
      }
      if (!s.env().isEmpty()) {
        sb.append("    env:       ").append(line(String.join(", ", masked(s.env())))).append('\n');
      }
      if (!s.headers().isEmpty()) {
        sb.append("    headers:   ").append(line(String.join(", ", masked(s.headers())))).append('\n');
      }
      if (!s.inputRefs().isEmpty()) {
        sb.append("    inputs:    ").append(line(String.join(", ", s.inputRefs()))).append('\n');
      }
      if (s.disabled()) {
        sb.append("    disabled\n");
      }
      if (!s.problem().isEmpty()) {
        sb.append("    PROBLEM:   ").append(line(s.problem())).append('\n');
      }
    }
    appendWarnings(sb, config.warnings());
    return sb.toString();
  }

  /** A scan as text: each server's status and tools with their hints. */
  public static String scanText(ScanResult scan) {
    StringBuilder sb = new StringBuilder();
    sb.append("MCP scan of ").append(line(scan.sourceName())).append(" (")
        .append(scan.format().displayName()).append(")\n");
    sb.append(scan.inferred()
        ? "Tools: INFERRED (no server was contacted; scan with --connect to read the real tools)\n"
        : "Tools: read from the servers\n");
    for (ServerScan s : scan.servers()) {
      sb.append("\n  ").append(line(s.name())).append(": ").append(s.status());
      if (!s.serverInfo().isEmpty()) {
        sb.append(" (").append(line(s.serverInfo())).append(')');
      }
      sb.append(", ").append(s.tools().size()).append(" tool(s)\n");
      if (!s.message().isEmpty()) {
        sb.append("    ").append(line(s.message())).append('\n');
      }
      for (ScannedTool t : s.tools()) {
        sb.append("    - ").append(line(t.name())).append("  ").append(hints(t.hints())).append('\n');
      }
    }
    appendWarnings(sb, scan.warnings());
    return sb.toString();
  }

  /** A risk report as text: the summary, each tool's decision and reasons, what to review. */
  public static String riskText(RiskReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("Risk report for policy ").append(line(report.policyName())).append(" (from ")
        .append(line(report.sourceName())).append(")\n");
    if (report.mode() == ScanMode.INFERRED) {
      sb.append("Tools were INFERRED, not read from the servers: scan with --connect.\n");
    }
    sb.append("Default: deny. Allowed: ").append(report.allowedCount()).append(", escalated: ")
        .append(report.escalatedCount()).append(", rules with placeholders to fill in: ")
        .append(report.placeholderCount()).append('\n');
    long poisoned = report.tools().stream().filter(t -> t.decision() == Outcome.DENY).count();
    if (poisoned > 0) {
      sb.append("Denied for signs of hidden instructions (tool poisoning): ").append(poisoned)
          .append('\n');
    }
    for (ToolAssessment t : report.tools()) {
      sb.append("\n  ").append(padRight(t.decision().keyword().toUpperCase(java.util.Locale.ROOT), 9))
          .append(padRight(t.risk().name(), 9)).append(line(t.actionId())).append('\n');
      for (String r : t.reasons()) {
        sb.append("      ").append(line(r)).append('\n');
      }
    }
    if (!report.renamed().isEmpty()) {
      sb.append("\nRenamed action ids:\n");
      for (ActionIdMapping m : report.renamed()) {
        sb.append("  ").append(line(ActionIds.printable(m.server()))).append(" / ")
            .append(line(ActionIds.printable(m.tool()))).append(" -> ").append(line(m.actionId()))
            .append("  (").append(line(m.reason())).append(")\n");
      }
    }
    if (!report.collisions().isEmpty()) {
      sb.append("\nTool names offered by several servers:\n");
      for (ToolNameCollision c : report.collisions()) {
        sb.append("  ").append(line(c.tool())).append(": ").append(line(String.join(", ", c.servers())))
            .append('\n');
      }
    }
    if (!report.unscanned().isEmpty()) {
      sb.append("\nServers not in the policy (all their tools are denied):\n");
      for (String u : report.unscanned()) {
        sb.append("  ").append(line(u)).append('\n');
      }
    }
    appendWarnings(sb, report.warnings());
    return sb.toString();
  }

  /** A JSON-ready summary of a configuration, the same content as {@link #configText}. */
  public static Map<String, Object> configSummary(McpConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", config.sourceName());
    m.put("format", config.format().name());
    m.put("servers", config.servers());
    m.put("inputs", config.inputs());
    m.put("warnings", config.warnings());
    return m;
  }

  private static List<String> masked(SecretValues values) {
    return values.names().stream().map(n -> n + "=" + SecretValues.MASK).toList();
  }

  private static String hints(ToolHints h) {
    if (h.isUnknown()) {
      return "[no hints]";
    }
    StringBuilder sb = new StringBuilder("[");
    flag(sb, "readOnly", h.readOnly());
    flag(sb, "destructive", h.destructive());
    flag(sb, "idempotent", h.idempotent());
    flag(sb, "openWorld", h.openWorld());
    return sb.append(']').toString();
  }

  private static void flag(StringBuilder sb, String name, Boolean v) {
    if (v == null) {
      return;
    }
    if (sb.length() > 1) {
      sb.append(' ');
    }
    sb.append(name).append('=').append(v);
  }

  private static void appendWarnings(StringBuilder sb, List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    sb.append("\nWarnings:\n");
    for (String w : warnings) {
      sb.append("  ! ").append(line(w)).append('\n');
    }
  }

  private static String line(String s) {
    return TextSafety.oneLine(s, 2000);
  }

  private static String padRight(String s, int width) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.append(' ').toString();
  }
}
