package io.ape.cli;

import io.ape.mcp.gateway.ClientConfigInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ape gateway install}: rewrites a client's MCP configuration so that every server is
 * reached through the gateway (see {@link ClientConfigInstaller}).
 */
@Command(
    name = "install",
    header = "Route every server of an MCP client through the gateway.",
    description = {
        "Copies the client's configuration to a backup beside it, writes its servers unchanged to "
            + "the upstream file the gateway reads (--upstream), and replaces them with one entry, "
            + "'ape-gateway', that starts `ape gateway`. To undo, copy the backup back.",
        "",
        "--dry-run prints what would be written and changes nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape gateway install --client claude-desktop --policy ~/ape/policy.yaml --audit-log ~/ape/audit.jsonl",
        "  ape gateway install --client claude-code --config .mcp.json --policy policy.yaml --dry-run",
        "  ape gateway install --client cursor --policy policy.yaml --lock mcp-tools.lock"
    })
final class GatewayInstallCommand extends CliCommand {
  @ParentCommand
  GatewayCommand parent;

  @Option(names = "--client", paramLabel = "CLIENT", required = true,
      description = "claude-desktop, claude-code, cursor, vscode, windsurf or gemini.")
  String client;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The client's configuration (default: where the client keeps it).")
  Path clientConfig;

  @Option(names = "--policy", paramLabel = "POLICY", required = true, description = "The gateway's policy file.")
  Path policy;

  @Option(names = "--audit-log", paramLabel = "FILE", description = "The gateway's JSON-lines audit log.")
  Path auditLog;

  @Option(names = "--lock", paramLabel = "FILE", description = "Tool pins written by ape mcp-pin.")
  Path lock;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "enforce",
      description = "enforce (default) or observe.")
  String mode;

  @Option(names = "--upstream", paramLabel = "FILE",
      description = "Where the servers go (default: ape-gateway-servers.json beside the configuration).")
  Path upstream;

  @Option(names = "--ape-command", paramLabel = "CMD",
      description = "The command that starts ape (default: java -jar <this jar>).")
  String apeCommand;

  @Option(names = "--dry-run", description = "Print the new configuration and change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON document (the plan) on stdout.")
  boolean json;

  @Override
  public Integer call() {
    ClientConfigInstaller.Client c;
    try {
      c = ClientConfigInstaller.Client.of(client);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException(e.getMessage());
    }
    boolean observe = GatewayCommand.parseMode(mode);
    Path file = clientConfig != null ? clientConfig : c.defaultConfig(Path.of(System.getProperty("user.home")),
        System.getProperty("os.name", ""), context().environment().variables(), Path.of("").toAbsolutePath());
    InputFiles.requireRegularFile(file);
    if (!dryRun) {
      InputFiles.requireRegularFile(policy);
    }
    Path up = upstream != null ? upstream : file.toAbsolutePath().resolveSibling("ape-gateway-servers.json");
    if (!dryRun && Files.exists(up)) {
      throw new CliFailureException(ExitCode.ERROR, "file_exists", up + ": already exists (an earlier install?);"
          + " choose another --upstream or remove it");
    }
    ClientConfigInstaller.Plan plan = ClientConfigInstaller.plan(c, file, up,
        GatewayCommand.apeCommand(apeCommand), GatewayCommand.gatewayArgs(policy, auditLog, lock, observe),
        Clock.systemUTC());
    Path backup = dryRun ? plan.backup() : ClientConfigInstaller.apply(plan);
    Output out = output(json);
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("client", c.cliName());
      doc.put("config", file.toString());
      doc.put("dry_run", dryRun);
      doc.put("backup", backup.toString());
      doc.put("upstream", up.toString());
      doc.put("routed", plan.routed());
      doc.put("notes", plan.notes());
      doc.put("new_config", plan.newConfig());
      out.json(doc);
      return ExitCode.OK;
    }
    List<String> lines = new ArrayList<>();
    lines.add((dryRun ? "Would route " : "Routed ") + plan.routed().size() + " server(s) of " + file
        + " through the gateway: " + String.join(", ", plan.routed()));
    lines.add((dryRun ? "Would back up the configuration to " : "Backed up the configuration to ") + backup);
    lines.add((dryRun ? "Would write the servers to " : "Wrote the servers to ") + up);
    plan.notes().forEach(n -> lines.add("Note: " + n));
    if (dryRun) {
      lines.add("New configuration:");
    } else {
      lines.add("Restart the client to use the gateway. To undo: cp " + backup + " " + file);
    }
    lines.forEach(l -> out.line(Text.printable(l)));
    if (dryRun) {
      out.raw(plan.newConfig());
    }
    out.flush();
    return ExitCode.OK;
  }
}
