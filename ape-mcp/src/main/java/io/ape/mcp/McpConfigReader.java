package io.ape.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MCP server configuration of Claude Desktop, Claude Code, Cursor, VS Code, Windsurf and
 * Gemini CLI, detecting the format from the document's structure and the file's location.
 *
 * <p>Guarantees: a missing file is a {@link McpConfigNotFoundException}; a file that is not JSON
 * (comments and trailing commas, which VS Code allows, are accepted, and so is one byte order
 * mark at the start), is not an object, has a duplicate key or a server section of the wrong type
 * is a {@link McpConfigParseException} with line and column when known, and for a syntax error
 * the offending character described by code point and name (see {@link JsonSyntaxDiagnosis}); other read failures are a {@link McpConfigException}. A document
 * without servers is read successfully with a warning. A malformed server entry is kept with a
 * {@link McpServerConfig#problem()} rather than failing the whole file. No value that could be a
 * secret appears in any message. Thread-safe and stateless.
 */
public final class McpConfigReader {
  /** Largest configuration file read (Claude Code's {@code ~/.claude.json} can be big). */
  public static final long MAX_BYTES = 32L * 1024 * 1024;

  private static final Pattern INPUT_REF = Pattern.compile("\\$\\{input:([^}]*)}");

  private final ObjectMapper mapper;

  /** Creates a reader. */
  public McpConfigReader() {
    JsonMapper m = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
        .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    m.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(200).build());
    this.mapper = m;
  }

  /** Reads a file, detecting its format. */
  public McpConfig read(Path file) {
    return read(file, null);
  }

  /**
   * Reads a file as the given format.
   *
   * @param file the configuration file
   * @param format the format to read it as, or {@code null} to detect it
   */
  public McpConfig read(Path file, ClientFormat format) {
    String shown = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new McpConfigException("MCP configuration " + shown + " is a directory, not a file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new McpConfigException("MCP configuration " + shown + " is " + size
            + " bytes; the limit is " + MAX_BYTES);
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new McpConfigNotFoundException(shown);
    } catch (IOException e) {
      throw new McpConfigException("cannot read MCP configuration " + shown + ": "
          + e.getClass().getSimpleName(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new McpConfigException("MCP configuration " + shown + " exceeds " + MAX_BYTES + " bytes");
    }
    Path fileName = file.getFileName();
    return parse(bytes, shown, fileName == null ? shown : fileName.toString(),
        file.toAbsolutePath().normalize().toString(), format);
  }

  /**
   * Parses configuration text.
   *
   * @param json the document
   * @param sourceName a name for messages and for the policy (a file name, not a path)
   * @param format the format to read it as, or {@code null} to detect it
   */
  public McpConfig parse(String json, String sourceName, ClientFormat format) {
    return parse(json.getBytes(StandardCharsets.UTF_8), sourceName, sourceName, sourceName, format);
  }

  private McpConfig parse(byte[] bytes, String shown, String fileName, String pathHint,
      ClientFormat forced) {
    JsonNode root;
    String text = JsonSyntaxDiagnosis.decode(bytes, shown);
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw JsonSyntaxDiagnosis.diagnose(text, e, shown);
    }
    if (root == null || root.isMissingNode()) {
      throw new McpConfigParseException(shown, 1, 1, "the document is empty", null);
    }
    if (!root.isObject()) {
      throw new McpConfigParseException(shown, 1, 1,
          "expected a JSON object at the top level, found " + kind(root), null);
    }
    List<String> warnings = new ArrayList<>();
    List<Block> blocks = serverBlocks(root, forced, shown);
    ClientFormat format = forced != null ? forced : detect(root, blocks, pathHint);
    List<McpServerConfig> servers = new ArrayList<>();
    for (Block b : blocks) {
      Iterator<Map.Entry<String, JsonNode>> it = b.servers.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        McpServerConfig s = ServerEntryParser.parse(e.getKey(), b.scope, e.getValue(), format);
        servers.add(s);
        if (!s.problem().isEmpty()) {
          warnings.add("server '" + printable(e.getKey()) + "'"
              + (b.scope.isEmpty() ? "" : " (project " + b.scope + ")")
              + " cannot be used: " + s.problem());
        }
      }
    }
    List<McpInput> inputs = inputs(root, format, warnings);
    Set<String> declaredInputs = new LinkedHashSet<>();
    inputs.forEach(i -> declaredInputs.add(i.id()));
    for (McpServerConfig s : servers) {
      for (String ref : s.inputRefs()) {
        if (!declaredInputs.contains(ref)) {
          warnings.add("server '" + printable(s.name()) + "' refers to input '" + printable(ref)
              + "', which the configuration does not declare");
        }
      }
    }
    if (servers.isEmpty()) {
      warnings.add("no MCP servers found in " + fileName
          + " (looked for mcpServers, servers, mcp.servers and projects.*.mcpServers)");
    }
    return new McpConfig(fileName, servers.isEmpty() && forced == null ? ClientFormat.UNKNOWN : format,
        servers, inputs, warnings);
  }

  private record Block(String scope, JsonNode servers) {}

  private static List<Block> serverBlocks(JsonNode root, ClientFormat forced, String shown) {
    List<Block> blocks = new ArrayList<>();
    boolean wantMcpServers = forced == null || (forced != ClientFormat.VSCODE
        && forced != ClientFormat.VSCODE_SETTINGS);
    if (wantMcpServers) {
      addBlock(blocks, "", root.get("mcpServers"), "mcpServers", shown);
    }
    if (forced == null || forced == ClientFormat.VSCODE) {
      addBlock(blocks, "", root.get("servers"), "servers", shown);
    }
    if (forced == null || forced == ClientFormat.VSCODE_SETTINGS) {
      JsonNode mcp = root.get("mcp");
      if (mcp != null && mcp.isObject()) {
        addBlock(blocks, "", mcp.get("servers"), "mcp.servers", shown);
      }
      addBlock(blocks, "", root.get("mcp.servers"), "mcp.servers", shown);
    }
    if (forced == null || forced == ClientFormat.CLAUDE_CODE) {
      JsonNode projects = root.get("projects");
      if (projects != null && projects.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = projects.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> p = it.next();
          if (p.getValue().isObject()) {
            addBlock(blocks, p.getKey(), p.getValue().get("mcpServers"),
                "projects." + p.getKey() + ".mcpServers", shown);
          }
        }
      }
    }
    return blocks;
  }

  private static void addBlock(List<Block> blocks, String scope, JsonNode node, String path,
      String shown) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new McpConfigParseException(shown, 0, 0,
          path + " must be an object mapping server names to entries, found " + kind(node), null);
    }
    blocks.add(new Block(scope, node));
  }

  private static ClientFormat detect(JsonNode root, List<Block> blocks, String pathHint) {
    String p = pathHint.replace('\\', '/').toLowerCase(Locale.ROOT);
    boolean projectServers = blocks.stream().anyMatch(b -> !b.scope.isEmpty());
    if (projectServers || p.endsWith("/.claude.json") || p.equals(".claude.json")
        || p.endsWith("/.mcp.json") || p.equals(".mcp.json")) {
      return ClientFormat.CLAUDE_CODE;
    }
    if (root.has("mcpServers")) {
      if (p.contains("/.cursor/")) {
        return ClientFormat.CURSOR;
      }
      if (p.contains("/.gemini/")) {
        return ClientFormat.GEMINI_CLI;
      }
      if (p.contains("windsurf") || p.contains("/.codeium/") || p.endsWith("mcp_config.json")) {
        return ClientFormat.WINDSURF;
      }
      if (p.contains("claude_desktop_config")) {
        return ClientFormat.CLAUDE_DESKTOP;
      }
      JsonNode servers = root.get("mcpServers");
      if (hasField(servers, "httpUrl")) {
        return ClientFormat.GEMINI_CLI;
      }
      if (hasField(servers, "serverUrl")) {
        return ClientFormat.WINDSURF;
      }
      return ClientFormat.CLAUDE_DESKTOP;
    }
    if (root.has("servers")) {
      return ClientFormat.VSCODE;
    }
    if (root.has("mcp") || root.has("mcp.servers")) {
      return ClientFormat.VSCODE_SETTINGS;
    }
    return ClientFormat.UNKNOWN;
  }

  private static boolean hasField(JsonNode servers, String field) {
    if (servers == null || !servers.isObject()) {
      return false;
    }
    for (JsonNode entry : servers) {
      if (entry.isObject() && entry.has(field)) {
        return true;
      }
    }
    return false;
  }

  private static List<McpInput> inputs(JsonNode root, ClientFormat format, List<String> warnings) {
    JsonNode node = root.get("inputs");
    if (node == null && root.get("mcp") != null && root.get("mcp").isObject()) {
      node = root.get("mcp").get("inputs");
    }
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      warnings.add("inputs is not an array; ignored");
      return List.of();
    }
    List<McpInput> out = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (JsonNode i : node) {
      if (!i.isObject() || !i.path("id").isTextual()) {
        warnings.add("an entry of inputs has no text id; ignored");
        continue;
      }
      String id = i.get("id").asText();
      if (seen.put(id, Boolean.TRUE) != null) {
        warnings.add("input '" + printable(id) + "' is declared twice");
      }
      out.add(new McpInput(id, i.path("type").asText(""), i.path("description").asText(""),
          i.path("password").asBoolean(false)));
    }
    return out;
  }

  /** The ids of {@code ${input:ID}} references in a text. */
  static void collectInputRefs(String text, Set<String> out) {
    if (text == null || text.indexOf("${input:") < 0) {
      return;
    }
    Matcher m = INPUT_REF.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  private static String kind(JsonNode n) {
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNull()) {
      return "null";
    }
    return "an object";
  }

  /**
   * Jackson's message without anything copied from the document: an unrecognised token is
   * described by its position only (it could be an unquoted secret), and the text is cut short.
   */
  static String safeMessage(String original) {
    if (original == null) {
      return "malformed JSON";
    }
    String m = original;
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    if (!m.startsWith("Duplicate field")) {
      m = m.replaceAll("'[^']*'", "'…'");
    }
    if (m.startsWith("Unrecognized token")) {
      m = "unrecognized token (a value must be a quoted string, number, true, false, null, "
          + "object or array)";
    }
    if (m.length() > 200) {
      m = m.substring(0, 200) + "…";
    }
    return m;
  }

  static String printable(String s) {
    return io.ape.api.ActionIds.printable(s);
  }
}
