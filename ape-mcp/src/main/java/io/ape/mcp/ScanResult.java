package io.ape.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The result of scanning an MCP configuration: every server, what happened, and its tools.
 *
 * @param sourceName the configuration's file name (never a path)
 * @param format the configuration's client format
 * @param mode whether servers were contacted; {@link ScanMode#INFERRED} results say so in
 *     {@link #warnings()} and in every rendering
 * @param servers one entry per configured server, in configuration order
 * @param warnings things the user must know (inferred tools, failures, collisions, ...)
 */
public record ScanResult(
    String sourceName,
    ClientFormat format,
    ScanMode mode,
    List<ServerScan> servers,
    List<String> warnings) {

  public ScanResult {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(mode, "mode");
    servers = List.copyOf(servers);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** {@code true} if the tools were inferred rather than read from the servers. */
  public boolean inferred() {
    return mode == ScanMode.INFERRED;
  }

  /** Tool names offered by more than one server (by distinct server names). */
  public List<ToolNameCollision> collisions() {
    Map<String, Set<String>> byTool = new LinkedHashMap<>();
    for (ServerScan s : servers) {
      for (ScannedTool t : s.tools()) {
        byTool.computeIfAbsent(t.name(), k -> new LinkedHashSet<>()).add(s.name());
      }
    }
    List<ToolNameCollision> out = new ArrayList<>();
    byTool.forEach((tool, names) -> {
      if (names.size() > 1) {
        out.add(new ToolNameCollision(tool, new ArrayList<>(names)));
      }
    });
    return out;
  }

  /** Number of servers with the given status. */
  public long count(ServerStatus status) {
    return servers.stream().filter(s -> s.status() == status).count();
  }
}
