package io.ape.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of scanned tools and scan results for tests. */
final class Tools {
  private Tools() {}

  static Map<String, Object> schema(String... params) {
    Map<String, Object> props = new LinkedHashMap<>();
    for (String p : params) {
      props.put(p, Map.of("type", "string"));
    }
    return Map.of("type", "object", "properties", props);
  }

  static ScannedTool tool(String name, ToolHints hints, String... params) {
    return new ScannedTool(name, "", "", schema(params), hints, ToolSource.SERVER, "");
  }

  static ToolHints readOnly() {
    return new ToolHints(true, false, true, false);
  }

  static ToolHints destructive() {
    return new ToolHints(false, true, false, false);
  }

  static ServerScan connected(String server, ScannedTool... tools) {
    return new ServerScan(server, "", TransportKind.STDIO, ServerStatus.CONNECTED, "", "", List.of(tools));
  }

  static ScanResult result(ServerScan... servers) {
    return new ScanResult("claude_desktop_config.json", ClientFormat.CLAUDE_DESKTOP, ScanMode.CONNECTED,
        List.of(servers), List.of());
  }
}
