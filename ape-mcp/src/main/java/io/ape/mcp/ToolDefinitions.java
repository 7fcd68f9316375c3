package io.ape.mcp;

import io.ape.core.canonical.Sha256;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pinned form of a tool definition and its SHA-256, for {@code ape mcp-pin} and the gateway.
 *
 * <p>The definition is what the model is shown and what decides how a call is understood: the
 * {@code name}, {@code title}, {@code description}, {@code inputSchema}, {@code outputSchema} and
 * the {@code annotations} (title and hints). Absent fields are left out; {@code _meta} and icons
 * are not part of it (they do not change what the tool does or what the model reads). The hash is
 * the SHA-256 of the APE canonical JSON of that object ({@link io.ape.core.canonical.CanonicalJson}:
 * keys in code-point order, no whitespace), so it does not depend on the order or spacing in which
 * a server sends it. Any change in any of those fields, however small, changes the hash.
 *
 * @since 0.2.0
 */
public final class ToolDefinitions {
  private ToolDefinitions() {}

  /** The fields of {@code tool} that are pinned, as a JSON-like map (absent fields left out). */
  public static Map<String, Object> pinnedForm(McpSchema.Tool tool) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", tool.name());
    putIfPresent(m, "title", tool.title());
    putIfPresent(m, "description", tool.description());
    m.put("inputSchema", tool.inputSchema() == null ? Map.of() : tool.inputSchema());
    putIfPresent(m, "outputSchema", tool.outputSchema());
    McpSchema.ToolAnnotations a = tool.annotations();
    if (a != null) {
      Map<String, Object> am = new LinkedHashMap<>();
      putIfPresent(am, "title", a.title());
      putIfPresent(am, "readOnlyHint", a.readOnlyHint());
      putIfPresent(am, "destructiveHint", a.destructiveHint());
      putIfPresent(am, "idempotentHint", a.idempotentHint());
      putIfPresent(am, "openWorldHint", a.openWorldHint());
      putIfPresent(am, "returnDirect", a.returnDirect());
      m.put("annotations", am);
    }
    return m;
  }

  /**
   * The lower-case hex SHA-256 of the canonical JSON of {@link #pinnedForm}.
   *
   * @throws McpConnectException if the definition holds a value JSON cannot carry (such as a
   *     non-finite number), which no server can send
   */
  public static String sha256(McpSchema.Tool tool) {
    try {
      return Sha256.ofCanonical(pinnedForm(tool));
    } catch (RuntimeException e) {
      throw new McpConnectException("the definition of tool '" + io.ape.api.ActionIds.printable(tool.name())
          + "' cannot be hashed: " + e.getMessage(), e);
    }
  }

  /** The raw tool as a {@link ScannedTool} (no text cleaned), for the classifier and detector. */
  public static ScannedTool scanned(McpSchema.Tool tool) {
    return SdkServerConnector.convert(tool);
  }

  /**
   * The risk {@code mcp-scan} assesses for the tool from its annotations, name and schema (see
   * {@code ToolClassifier}): MINIMAL or LOW for honest read-only tools, MODERATE for
   * non-destructive writes, HIGH for destructive or unannotated tools, CRITICAL for command
   * runners and tools with signs of poisoning.
   */
  public static io.ape.api.RiskLevel riskOf(McpSchema.Tool tool) {
    ScannedTool t = scanned(tool);
    return ToolClassifier.classify(t.withPoisoning(new ToolPoisoningDetector().inspect(t))).risk();
  }

  /** Untrusted server text as one printable line of at most {@code max} characters. */
  public static String oneLine(String text, int max) {
    return TextSafety.oneLine(text == null ? "" : text, max);
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
