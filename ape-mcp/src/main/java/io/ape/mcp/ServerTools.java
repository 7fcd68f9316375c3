package io.ape.mcp;

import java.util.List;
import java.util.Objects;

/**
 * What a connected server reported.
 *
 * @param serverInfo its name and version from the handshake, or {@code ""}
 * @param tools its tools, in the server's order
 * @param notes anything odd about the listing (dropped nameless or duplicate tools, truncation)
 */
public record ServerTools(String serverInfo, List<ScannedTool> tools, List<String> notes) {
  public ServerTools {
    serverInfo = serverInfo == null ? "" : serverInfo;
    tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}
