package io.ape.cli;

import io.ape.audit.JsonlAuditSink;
import io.ape.mcp.ClientFormat;
import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConfigReader;
import io.ape.mcp.ToolLock;
import io.ape.mcp.gateway.BearerToken;
import io.ape.mcp.gateway.ClientConfigInstaller;
import io.ape.mcp.gateway.GatewayToolStatus;
import io.ape.mcp.gateway.HttpGatewayServer;
import io.ape.mcp.gateway.McpGateway;
import io.ape.mcp.gateway.OrchestratorCallGuard;
import io.ape.mcp.gateway.PolicyFileWatcher;
import io.ape.mcp.gateway.StdioServerTransport;
import io.ape.mcp.gateway.UpstreamStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ape gateway}: the MCP gateway. Over stdio (the default) an MCP client starts it as its
 * one server; with {@code --listen HOST:PORT} it serves streamable HTTP. Either way it starts the
 * servers of {@code --config}, exposes their tools as {@code server.tool}, and runs every call
 * through the policy (see ape-mcp's {@code io.ape.mcp.gateway} and docs/gateway.md).
 *
 * <p>In stdio mode stdout carries MCP messages only: everything else goes to stderr.
 */
@Command(
    name = "gateway",
    header = "Enforce a policy between an MCP client and its servers.",
    description = {
        "An MCP server to the client and an MCP client to each server of CONFIG: tools are "
            + "exposed as SERVER.TOOL (the ids mcp-scan writes); tools/list shows only what the "
            + "policy can allow; every tools/call is a guarded call (policy, escalation, limits, "
            + "single-use token, audit); a refusal is an isError result with a terse reason, the "
            + "full reason goes to the audit. Resources and prompts are forwarded only when the "
            + "policy allows SERVER.resources:read and SERVER.prompts:get.",
        "",
        "Over stdio (the default) a client starts it; --listen HOST:PORT serves streamable HTTP "
            + "to clients that present the token of --token-file. The policy file is reloaded "
            + "when it changes (an invalid file keeps the old policy). With --lock, a tool whose "
            + "definition differs from its pin (or that has none) is hidden.",
        "",
        "--print-entry prints the one-line entry to paste into a client's configuration instead "
            + "of running; `ape gateway install` rewrites the configuration for you."
    },
    subcommands = {GatewayInstallCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape gateway --config servers.json --policy policy.yaml --audit-log audit.jsonl",
        "  ape gateway --config servers.json --policy policy.yaml --lock mcp-tools.lock --mode observe",
        "  ape gateway --config servers.json --policy policy.yaml --listen 127.0.0.1:8808 --token-file token",
        "  ape gateway --print-entry --config servers.json --policy policy.yaml",
        "  ape gateway install --client claude-desktop --policy policy.yaml --dry-run"
    })
final class GatewayCommand extends CliCommand {
  @Option(names = "--config", paramLabel = "CONFIG",
      description = "The MCP configuration of the servers to put behind the gateway (any client's format).")
  Path config;

  @Option(names = "--config-format", paramLabel = "FORMAT",
      description = "Read CONFIG as this client's format (CLAUDE_DESKTOP, CLAUDE_CODE, CURSOR, VSCODE, "
          + "VSCODE_SETTINGS, WINDSURF, GEMINI_CLI); default: detected.")
  ClientFormat configFormat;

  @Option(names = "--policy", paramLabel = "POLICY", description = "The policy file (reloaded when it changes).")
  Path policy;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Append the audit records to this JSON-lines log (verify it with ape audit verify).")
  Path auditLog;

  @Option(names = "--audit-wait", paramLabel = "WHAT", defaultValue = "started",
      description = "With --audit-log: which records a call waits for until they are on disk: started "
          + "(default: a tool runs only after the record of its start, and of everything that led to it,"
          + " is on disk) or all (every record; slower).")
  String auditWait;

  @Option(names = "--lock", paramLabel = "FILE",
      description = "Tool pins written by ape mcp-pin: a tool not pinned, or pinned differently, is hidden.")
  Path lock;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "enforce",
      description = "enforce (default) or observe: decide and audit, but block nothing; every record is marked.")
  String mode;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Serve streamable HTTP on HOST:PORT (endpoint /mcp) instead of stdio.")
  String listen;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "With --listen: the bearer token clients must present (first line of FILE).")
  Path tokenFile;

  @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "4194304",
      description = "With --listen: the largest request body (default: ${DEFAULT-VALUE}).")
  int maxRequestBytes;

  @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "The time limit of one upstream call (default: ${DEFAULT-VALUE}).")
  int callTimeoutSeconds;

  @Option(names = "--escalation-timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long an approval asked through MCP elicitation may take; then it is denied "
          + "(default: ${DEFAULT-VALUE}).")
  int escalationTimeoutSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "The time limit of each server's start and handshake (default: ${DEFAULT-VALUE}).")
  int startTimeoutSeconds;

  @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "16777216",
      description = "The longest message read from a stdio server or the client (default: ${DEFAULT-VALUE}).")
  int maxMessageChars;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Where stdio servers start (default: the current directory).")
  Path workdir;

  @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "default",
      description = "The tenant of every call (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--print-entry",
      description = "Print the client-configuration entry that starts this gateway, and exit.")
  boolean printEntry;

  @Option(names = "--client", paramLabel = "CLIENT", defaultValue = "claude-desktop",
      description = "With --print-entry: the client whose entry format to use (default: ${DEFAULT-VALUE}).")
  String client;

  @Option(names = "--ape-command", paramLabel = "CMD",
      description = "With --print-entry: the command that starts ape (default: java -jar <this jar>).")
  String apeCommand;

  @Override
  public Integer call() throws Exception {
    if (config == null || policy == null) {
      throw new CliUsageException("--config and --policy are required");
    }
    boolean observe = parseMode(mode);
    checkRanges();
    if (printEntry) {
      return printEntry(observe);
    }
    InputFiles.requireRegularFile(config);
    InputFiles.requireRegularFile(policy);
    McpConfig mcp = new McpConfigReader().read(config, configFormat);
    if (mcp.hasNoServers()) {
      throw new CliFailureException(ExitCode.ERROR, "no_mcp_servers", config + ": no MCP servers found");
    }
    ToolLock pins = null;
    if (lock != null) {
      InputFiles.requireRegularFile(lock);
      pins = ToolLock.read(lock);
    }
    BearerToken token = null;
    InetSocketAddress address = null;
    if (listen != null) {
      if (tokenFile == null) {
        throw new CliUsageException("--listen needs --token-file (clients must authenticate)");
      }
      address = parseAddress(listen);
      InputFiles.requireRegularFile(tokenFile);
      token = BearerToken.read(tokenFile);
    } else if (tokenFile != null) {
      throw new CliUsageException("--token-file only applies with --listen");
    }
    Output err = new Output(spec.commandLine(), context().environment(), false);
    JsonlAuditSink jsonl = auditLog == null ? null : auditSink(auditLog, auditWait);
    if (jsonl == null) {
      err.note("ape gateway: no --audit-log: audit records are kept in memory only");
    }
    OrchestratorCallGuard.Builder gb = OrchestratorCallGuard.builder().policyFile(policy).observe(observe)
        .tenant(tenant).escalationTimeout(Duration.ofSeconds(escalationTimeoutSeconds + 5L));
    if (jsonl != null) {
      gb.auditSink(jsonl);
    }
    OrchestratorCallGuard guard = gb.build();
    McpGateway gateway = McpGateway.builder().config(mcp).guard(guard).lock(pins).tenant(tenant)
        .connectSettings(new ConnectSettings(workdir == null ? Path.of("").toAbsolutePath() : workdir,
            context().environment().variables(), Duration.ofSeconds(startTimeoutSeconds)))
        .callTimeout(Duration.ofSeconds(callTimeoutSeconds))
        .escalationTimeout(Duration.ofSeconds(escalationTimeoutSeconds))
        .maxMessageChars(maxMessageChars)
        .version(VersionProvider.version())
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      gateway.close();
      guard.close();
      if (jsonl != null) {
        jsonl.close();
      }
      stopped.countDown();
    }, "ape-gateway-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PolicyFileWatcher watcher = null;
    HttpGatewayServer http = null;
    try {
      gateway.start();
      report(err, gateway, observe);
      watcher = PolicyFileWatcher.watch(policy, Duration.ofMillis(200), gateway::reloadPolicy);
      if (address != null) {
        http = HttpGatewayServer.start(gateway, address, token, maxRequestBytes);
        err.note("ape gateway: listening on http://" + address.getHostString() + ":" + http.port()
            + HttpGatewayServer.ENDPOINT);
        stopped.await();
      } else {
        StdioServerTransport stdio = StdioServerTransport.forProcess(maxMessageChars);
        gateway.serve(stdio);
        stdio.terminated().join();
      }
      return ExitCode.OK;
    } finally {
      if (watcher != null) {
        watcher.close();
      }
      if (http != null) {
        http.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs by itself
      }
    }
  }

  /**
   * The JSON-lines sink: group commit, and with {@code started} calls wait only for the record of
   * a tool's start (written in sequence after every record that led to it), so one disk sync per
   * call instead of one per record.
   */
  static JsonlAuditSink auditSink(Path file, String wait) {
    JsonlAuditSink.Builder b = JsonlAuditSink.builder(file);
    switch (wait.toLowerCase(Locale.ROOT)) {
      case "started":
        b.waitFor(java.util.EnumSet.of(io.ape.api.AuditEventType.TOOL_EXECUTION_STARTED));
        break;
      case "all":
        break;
      default:
        throw new CliUsageException("--audit-wait must be started or all, was " + wait);
    }
    return b.build();
  }

  private void checkRanges() {
    if (callTimeoutSeconds < 1 || callTimeoutSeconds > 86_400) {
      throw new CliUsageException("--call-timeout must be between 1 and 86400 seconds");
    }
    if (escalationTimeoutSeconds < 1 || escalationTimeoutSeconds > 86_400) {
      throw new CliUsageException("--escalation-timeout must be between 1 and 86400 seconds");
    }
    if (startTimeoutSeconds < 1 || startTimeoutSeconds > 3600) {
      throw new CliUsageException("--timeout must be between 1 and 3600 seconds");
    }
    if (maxMessageChars < 1024 || maxRequestBytes < 1024) {
      throw new CliUsageException("--max-message-bytes and --max-request-bytes must be at least 1024");
    }
  }

  static boolean parseMode(String mode) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "enforce":
        return false;
      case "observe":
        return true;
      default:
        throw new CliUsageException("--mode must be enforce or observe, was " + mode);
    }
  }

  static InetSocketAddress parseAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new CliUsageException("--listen must be HOST:PORT, e.g. 127.0.0.1:8808, was " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new CliUsageException("--listen: the port is not a number: " + hostPort);
    }
    if (port < 0 || port > 65_535) {
      throw new CliUsageException("--listen: the port must be between 0 and 65535");
    }
    return new InetSocketAddress(host, port);
  }

  private int printEntry(boolean observe) {
    ClientConfigInstaller.Client c;
    try {
      c = ClientConfigInstaller.Client.of(client);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException(e.getMessage());
    }
    List<String> args = new ArrayList<>(List.of("--config", config.toAbsolutePath().normalize().toString()));
    if (configFormat != null) {
      args.addAll(List.of("--config-format", configFormat.name()));
    }
    args.addAll(gatewayArgs(policy, auditLog, lock, observe));
    spec.commandLine().getOut().println(ClientConfigInstaller.entryLine(c, apeCommand(apeCommand), args));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /** The gateway's arguments after {@code --config}: absolute paths, so the client's cwd does not matter. */
  static List<String> gatewayArgs(Path policy, Path auditLog, Path lock, boolean observe) {
    List<String> args = new ArrayList<>(List.of("--policy", policy.toAbsolutePath().normalize().toString()));
    if (auditLog != null) {
      args.addAll(List.of("--audit-log", auditLog.toAbsolutePath().normalize().toString()));
    }
    if (lock != null) {
      args.addAll(List.of("--lock", lock.toAbsolutePath().normalize().toString()));
    }
    if (observe) {
      args.addAll(List.of("--mode", "observe"));
    }
    return args;
  }

  /**
   * The command that starts this {@code ape}: {@code --ape-command} split on spaces, else
   * {@code <java> -jar <the jar this class is in>}, else {@code ape}.
   */
  static List<String> apeCommand(String given) {
    if (given != null && !given.isBlank()) {
      return List.of(given.strip().split("\\s+"));
    }
    try {
      java.net.URL where = GatewayCommand.class.getProtectionDomain().getCodeSource().getLocation();
      Path jar = Path.of(where.toURI());
      if (jar.getFileName().toString().endsWith(".jar")) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-jar", jar.toAbsolutePath().normalize().toString());
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // not run from a jar: fall through
    }
    return List.of("ape");
  }

  private static void report(Output err, McpGateway gateway, boolean observe) {
    for (UpstreamStatus u : gateway.upstreams()) {
      err.note("ape gateway: server " + Text.printable(u.server()) + ": " + (u.connected()
          ? "connected (" + Text.printable(u.serverInfo()) + "), " + u.tools() + " tool(s)"
          : "NOT connected: " + Text.printable(u.message())));
    }
    long listed = gateway.tools().stream().filter(GatewayToolStatus::listed).count();
    err.note("ape gateway: " + listed + " of " + gateway.tools().size() + " tool(s) listed"
        + (observe ? " (OBSERVE mode: nothing is blocked)" : ""));
    gateway.poisoning().forEach((tool, findings) -> err.note("ape gateway: " + Text.printable(tool)
        + " shows signs of tool poisoning: " + Text.printable(findings.get(0).describe())));
    err.flush();
  }
}
