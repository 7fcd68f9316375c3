package io.ape.cli;

import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpServerConfig;
import io.ape.mcp.PoisoningFinding;
import io.ape.mcp.ToolDefinitions;
import io.ape.mcp.ToolLock;
import io.ape.mcp.ToolPoisoningDetector;
import io.ape.mcp.UpstreamServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ape mcp-pin CONFIG [-o FILE]}: the lock file of tool definitions for the gateway's
 * {@code --lock}: connects to every server, hashes each tool's definition (name, title,
 * description, input and output schema, annotations; canonical JSON, SHA-256) and reports what
 * the poisoning checks find.
 */
@Command(
    name = "mcp-pin",
    header = "Pin the tool definitions of MCP servers (a lock file for ape gateway --lock).",
    description = {
        "Starts or connects to every server of CONFIG and writes, per server and tool, the SHA-256 "
            + "of the tool's definition (name, title, description, input and output schema, "
            + "annotations; canonical JSON). With --lock, ape gateway hides a tool whose definition "
            + "no longer matches its pin (a rug pull), and a tool that has no pin, until you pin "
            + "again. Review the tools (ape mcp-scan --connect) before you pin them.",
        "",
        "The lock goes to stdout, or to FILE with -o (the report to stdout). A server that fails "
            + "is reported and none of its tools is pinned (the gateway hides them)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape mcp-pin ~/.config/Claude/claude_desktop_config.json -o mcp-tools.lock",
        "  ape mcp-pin servers.json -o mcp-tools.lock --force     # re-pin after a reviewed change"
    })
final class McpPinCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The MCP client configuration.")
  Path config;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the lock file to FILE.")
  Path outputFile;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "The time limit per server, 1 to 3600 (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--workdir", paramLabel = "DIR", description = "Where stdio servers start.")
  Path workdir;

  @Option(names = "--json", description = "Print one JSON document (lock and report) on stdout.")
  boolean json;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new CliUsageException("--timeout must be between 1 and 3600 seconds, was " + timeoutSeconds);
    }
    if (force && outputFile == null) {
      throw new CliUsageException("--force only applies to -o FILE");
    }
    if (workdir != null && !Files.isDirectory(workdir)) {
      throw new MissingFileException(workdir, "is not a directory (--workdir)");
    }
    if (outputFile != null) {
      OutputFiles.checkWritable(outputFile, force);
    }
    Output out = output(json);
    McpConfig mcp = McpConfigFiles.read(config);
    ConnectSettings settings = new ConnectSettings(workdir == null ? Path.of("").toAbsolutePath() : workdir,
        context().environment().variables(), Duration.ofSeconds(timeoutSeconds));
    Map<String, Map<String, String>> pins = new LinkedHashMap<>();
    List<Map<String, Object>> servers = new ArrayList<>();
    List<String> report = new ArrayList<>();
    for (McpServerConfig s : mcp.servers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", s.name());
      servers.add(entry);
      if (!s.usable() || !s.inputRefs().isEmpty()) {
        entry.put("status", "SKIPPED");
        report.add("  " + s.name() + "  SKIPPED (disabled, unusable or needs VS Code inputs)");
        continue;
      }
      try (UpstreamServer up = UpstreamServer.open(s, settings, UpstreamServer.DEFAULT_MAX_MESSAGE_CHARS, null)) {
        UpstreamServer.Info info = up.start();
        List<McpSchema.Tool> tools = up.listTools();
        ToolPoisoningDetector detector = new ToolPoisoningDetector();
        Map<String, String> hashes = new LinkedHashMap<>();
        List<Map<String, Object>> findings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (McpSchema.Tool t : tools) {
          hashes.put(t.name(), ToolDefinitions.sha256(t));
          for (PoisoningFinding f : detector.inspect(t.name(), t.title(), t.description(), t.inputSchema())) {
            findings.add(Map.of("tool", t.name(), "kind", f.kind().name(), "where", f.where(),
                "reason", f.reason(), "severe", f.severe()));
            warnings.add("  ! " + s.name() + "." + t.name() + ": " + f.describe());
          }
        }
        pins.merge(s.name(), hashes, (a, b) -> {
          Map<String, String> m = new LinkedHashMap<>(a);
          m.putAll(b);
          return m;
        });
        entry.put("status", "PINNED");
        entry.put("server_info", info.serverInfo());
        entry.put("tools", hashes.size());
        entry.put("poisoning", findings);
        report.add("  " + s.name() + "  PINNED  " + hashes.size() + " tool(s)  (" + info.serverInfo() + ")");
        report.addAll(warnings);
      } catch (RuntimeException e) {
        entry.put("status", "FAILED");
        entry.put("message", e.getMessage());
        report.add("  " + s.name() + "  FAILED  " + e.getMessage() + " (its tools are not pinned: the gateway"
            + " hides them)");
      }
    }
    Path source = config.getFileName();
    ToolLock lockFile = ToolLock.of(source == null ? config.toString() : source.toString(), pins);
    if (outputFile != null) {
      OutputFiles.write(outputFile, lockFile.toJson(), force);
    }
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("config", config.toString());
      doc.put("output", outputFile == null ? null : outputFile.toString());
      doc.put("tools", lockFile.size());
      doc.put("servers", servers);
      doc.put("lock", lockFile.toJson());
      out.json(doc);
      return ExitCode.OK;
    }
    List<String> lines = new ArrayList<>();
    lines.add("Pinned " + lockFile.size() + " tool(s) of " + config + ":");
    lines.addAll(report);
    if (outputFile != null) {
      lines.add("Wrote " + outputFile + ". Start the gateway with --lock " + outputFile + ".");
      lines.forEach(l -> out.line(Text.printable(l)));
    } else {
      lines.forEach(out::note);
      out.raw(lockFile.toJson());
    }
    out.flush();
    return ExitCode.OK;
  }
}
