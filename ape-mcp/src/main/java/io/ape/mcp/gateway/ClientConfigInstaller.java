package io.ape.mcp.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ape.mcp.ClientFormat;
import io.ape.mcp.McpConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ape gateway install}: rewrites an MCP client's configuration so that the client starts
 * the gateway instead of its servers, and the gateway starts the servers.
 *
 * <p>What {@link #apply} does, in this order, each step complete before the next: copies the
 * configuration unchanged to a backup beside it ({@code <file>.ape-backup-<UTC time>}, never
 * overwriting one); writes the client's servers, unchanged, to the upstream file the gateway
 * reads; replaces the client's server map with the one {@value #ENTRY} entry (written to a
 * temporary file and moved into place). Everything else in the configuration is kept, in order;
 * comments are not (the backup has them), and the plan says so. A configuration already routed
 * through the gateway is refused, as is a configuration with no server. Claude Code's per-project
 * servers ({@code projects.<path>.mcpServers}) are left as they are and listed in the plan's
 * notes. {@link #plan} reads and computes only, for {@code --dry-run}.
 *
 * @since 0.2.0
 */
public final class ClientConfigInstaller {
  /** The name of the gateway's entry in the client's configuration. */
  public static final String ENTRY = "ape-gateway";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** The clients {@code --client} names. */
  public enum Client {
    CLAUDE_DESKTOP("claude-desktop", ClientFormat.CLAUDE_DESKTOP),
    CLAUDE_CODE("claude-code", ClientFormat.CLAUDE_CODE),
    CURSOR("cursor", ClientFormat.CURSOR),
    VSCODE("vscode", ClientFormat.VSCODE),
    WINDSURF("windsurf", ClientFormat.WINDSURF),
    GEMINI("gemini", ClientFormat.GEMINI_CLI);

    private final String cliName;
    private final ClientFormat format;

    Client(String cliName, ClientFormat format) {
      this.cliName = cliName;
      this.format = format;
    }

    /** The name on the command line ({@code claude-desktop}, ...). */
    public String cliName() {
      return cliName;
    }

    /** The configuration format of this client. */
    public ClientFormat format() {
      return format;
    }

    /** The client of a command-line name. */
    public static Client of(String name) {
      for (Client c : values()) {
        if (c.cliName.equals(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown client '" + name + "'; one of claude-desktop, claude-code,"
          + " cursor, vscode, windsurf, gemini");
    }

    /**
     * Where the client keeps its configuration by default (for {@code --config} left out).
     *
     * @param home the user's home directory
     * @param os {@code os.name}
     * @param env the environment ({@code APPDATA} on Windows)
     * @param workingDirectory for VS Code's workspace file {@code .vscode/mcp.json}
     */
    public Path defaultConfig(Path home, String os, Map<String, String> env, Path workingDirectory) {
      String o = os.toLowerCase(Locale.ROOT);
      switch (this) {
        case CLAUDE_DESKTOP:
          if (o.contains("mac")) {
            return home.resolve("Library/Application Support/Claude/claude_desktop_config.json");
          }
          if (o.contains("win")) {
            String appData = env.getOrDefault("APPDATA", home.resolve("AppData/Roaming").toString());
            return Path.of(appData, "Claude", "claude_desktop_config.json");
          }
          return home.resolve(".config/Claude/claude_desktop_config.json");
        case CLAUDE_CODE:
          return home.resolve(".claude.json");
        case CURSOR:
          return home.resolve(".cursor/mcp.json");
        case VSCODE:
          return workingDirectory.resolve(".vscode/mcp.json");
        case WINDSURF:
          return home.resolve(".codeium/windsurf/mcp_config.json");
        case GEMINI:
          return home.resolve(".gemini/settings.json");
        default:
          throw new IllegalStateException("unknown client " + this);
      }
    }
  }

  /**
   * What an installation does.
   *
   * @param config the client's configuration file
   * @param backup where its unchanged copy goes
   * @param upstream the file the gateway reads the servers from
   * @param newConfig the configuration's new text
   * @param upstreamText the upstream file's text
   * @param routed the servers now behind the gateway
   * @param notes things the user should know (kept project servers, lost comments)
   */
  public record Plan(Path config, Path backup, Path upstream, String newConfig, String upstreamText,
      List<String> routed, List<String> notes) {
    public Plan {
      routed = List.copyOf(routed);
      notes = List.copyOf(notes);
    }
  }

  private ClientConfigInstaller() {}

  /**
   * The gateway's entry for a client configuration: the command that starts it and its arguments.
   *
   * @param command the program and its leading arguments ({@code java -jar /path/ape.jar}, or
   *     {@code /usr/local/bin/ape})
   * @param gatewayArgs the arguments after {@code gateway}
   */
  public static ObjectNode entry(Client client, List<String> command, List<String> gatewayArgs) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the command is empty");
    }
    ObjectNode e = JSON.createObjectNode();
    if (client == Client.VSCODE) {
      e.put("type", "stdio");
    }
    e.put("command", command.get(0));
    ArrayNode args = e.putArray("args");
    command.subList(1, command.size()).forEach(args::add);
    args.add("gateway");
    gatewayArgs.forEach(args::add);
    return e;
  }

  /** {@code "ape-gateway": {...}} on one line, to paste into a configuration by hand. */
  public static String entryLine(Client client, List<String> command, List<String> gatewayArgs) {
    try {
      return "\"" + ENTRY + "\": " + new ObjectMapper().writeValueAsString(entry(client, command, gatewayArgs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads the configuration and computes the installation, writing nothing.
   *
   * @param upstream where the servers go (the gateway's {@code --config})
   * @param command the command that starts {@code ape} (see {@link #entry})
   * @param gatewayArgs the gateway's other arguments ({@code --policy P ...}); {@code --config}
   *     and {@code --config-format} are added here
   * @throws McpConfigException if the file is missing, not JSON, already routed, or has no server
   */
  public static Plan plan(Client client, Path config, Path upstream, List<String> command,
      List<String> gatewayArgs, Clock clock) {
    Objects.requireNonNull(client, "client");
    String text;
    try {
      text = Files.readString(config, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new McpConfigException(config + ": no such file (the client's configuration)", e);
    } catch (IOException e) {
      throw new McpConfigException(config + ": cannot read it: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new McpConfigException(config + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new McpConfigException(config + ": not a JSON object");
    }
    ObjectNode doc = (ObjectNode) root;
    ObjectNode holder = doc;
    String key = client == Client.VSCODE ? "servers" : "mcpServers";
    ClientFormat format = client.format();
    if (client == Client.VSCODE && !doc.has("servers") && doc.path("mcp").isObject()
        && doc.path("mcp").has("servers")) {
      holder = (ObjectNode) doc.get("mcp");
      format = ClientFormat.VSCODE_SETTINGS;
    }
    JsonNode servers = holder.get(key);
    if (servers == null || !servers.isObject() || servers.isEmpty()) {
      throw new McpConfigException(config + ": no MCP server to route through the gateway (no '" + key + "')");
    }
    if (servers.size() == 1 && servers.has(ENTRY)) {
      throw new McpConfigException(config + ": already routed through the gateway (only '" + ENTRY
          + "' is configured); restore the backup to install again");
    }
    if (servers.has(ENTRY)) {
      throw new McpConfigException(config + ": it already has an '" + ENTRY + "' entry beside other servers;"
          + " remove one of them first");
    }
    List<String> routed = new ArrayList<>();
    servers.fieldNames().forEachRemaining(routed::add);
    List<String> notes = new ArrayList<>();
    if (text.contains("//") || text.contains("/*")) {
      notes.add("the configuration may contain comments; they are not kept in the new file (the backup has them)");
    }
    if (client == Client.CLAUDE_CODE && doc.path("projects").isObject()) {
      doc.get("projects").properties().forEach(p -> {
        JsonNode ps = p.getValue().path("mcpServers");
        if (ps.isObject() && !ps.isEmpty()) {
          notes.add("the " + ps.size() + " server(s) of project " + p.getKey() + " are not routed through the"
              + " gateway (install per project with its .mcp.json)");
        }
      });
    }
    ObjectNode upstreamDoc = JSON.createObjectNode();
    upstreamDoc.set(client == Client.VSCODE ? "servers" : "mcpServers", servers.deepCopy());
    if (client == Client.VSCODE && doc.has("inputs")) {
      upstreamDoc.set("inputs", doc.get("inputs").deepCopy());
    }
    List<String> args = new ArrayList<>(List.of("--config", upstream.toAbsolutePath().normalize().toString(),
        "--config-format", format.name()));
    args.addAll(gatewayArgs);
    ObjectNode newServers = JSON.createObjectNode();
    newServers.set(ENTRY, entry(client, command, args));
    holder.set(key, newServers);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
    Path backup = config.resolveSibling(config.getFileName() + ".ape-backup-" + stamp);
    try {
      return new Plan(config, backup, upstream, pretty(doc), pretty(upstreamDoc), routed, notes);
    } catch (JsonProcessingException e) {
      throw new McpConfigException("cannot write the new configuration: " + e.getMessage(), e);
    }
  }

  /** Indented JSON with {@code "key": value} spacing, as people write configurations. */
  private static String pretty(JsonNode node) throws JsonProcessingException {
    com.fasterxml.jackson.core.util.DefaultPrettyPrinter printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
        .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    return JSON.writer(printer).writeValueAsString(node) + "\n";
  }

  /**
   * Carries out a plan: backup, upstream file, new configuration (see the class comment).
   *
   * @return the backup actually written (a suffix is added if the planned one exists)
   * @throws McpConfigException if a step fails (the steps before it stay done; the backup is the
   *     way back)
   */
  public static Path apply(Plan plan) {
    Path backup = plan.backup();
    try {
      for (int i = 1; ; i++) {
        try {
          Files.copy(plan.config(), backup, StandardCopyOption.COPY_ATTRIBUTES);
          break;
        } catch (FileAlreadyExistsException e) {
          backup = plan.backup().resolveSibling(plan.backup().getFileName() + "-" + i);
        }
      }
      writeAtomically(plan.upstream(), plan.upstreamText());
      writeAtomically(plan.config(), plan.newConfig());
    } catch (IOException e) {
      throw new McpConfigException("installing the gateway into " + plan.config() + " failed: " + e.getMessage()
          + " (backup: " + backup + ")", e);
    }
    return backup;
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".ape-gateway-", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
