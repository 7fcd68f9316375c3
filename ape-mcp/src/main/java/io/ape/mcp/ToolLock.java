package io.ape.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A lock file of pinned tool definitions: for each server and tool, the SHA-256 of its
 * definition ({@link ToolDefinitions#sha256}), written by {@code ape mcp-pin} and read by the
 * gateway, which hides a tool whose definition no longer matches (a "rug pull") or that is not
 * pinned at all, until it is pinned again.
 *
 * <pre>{@code
 * {
 *   "format": "ape-mcp-lock/1",
 *   "source": "claude_desktop_config.json",
 *   "servers": {
 *     "filesystem": { "read_text_file": "3f5a...", "write_file": "9c1e..." }
 *   }
 * }
 * }</pre>
 *
 * <p>Reading is strict: an unknown {@code format}, a duplicate key, a value that is not 64
 * lower-case hex digits, or anything else unexpected is an {@link McpConfigException} naming the
 * file (a lock file that cannot be read pins nothing, so the gateway would hide every tool: it
 * refuses to start instead). Writing is deterministic (servers and tools in code-point order), so
 * a lock file diffs well in version control. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class ToolLock {
  /** The value of {@code format}. */
  public static final String FORMAT = "ape-mcp-lock/1";
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final long MAX_BYTES = 16L * 1024 * 1024;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final String source;
  private final Map<String, Map<String, String>> pins;

  private ToolLock(String source, Map<String, Map<String, String>> pins) {
    this.source = source;
    Map<String, Map<String, String>> copy = new TreeMap<>(io.ape.core.canonical.CanonicalJson.CODE_POINT_ORDER);
    pins.forEach((server, tools) -> {
      Map<String, String> t = new TreeMap<>(io.ape.core.canonical.CanonicalJson.CODE_POINT_ORDER);
      t.putAll(tools);
      copy.put(server, java.util.Collections.unmodifiableMap(t));
    });
    this.pins = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A lock of the given pins.
   *
   * @param source the configuration's file name (no directories), for people reading the file
   * @param pins server name to tool name to hex SHA-256
   * @throws IllegalArgumentException if a hash is not 64 lower-case hex digits
   */
  public static ToolLock of(String source, Map<String, Map<String, String>> pins) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pins, "pins");
    pins.forEach((server, tools) -> tools.forEach((tool, hash) -> {
      if (hash == null || !HEX64.matcher(hash).matches()) {
        throw new IllegalArgumentException("the pin of " + server + "." + tool
            + " is not a lower-case hex SHA-256");
      }
    }));
    return new ToolLock(source, pins);
  }

  /**
   * Reads a lock file.
   *
   * @throws McpConfigException if it does not exist, cannot be read or is not a lock file of
   *     this format
   */
  public static ToolLock read(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new McpConfigException(name + ": the lock file is larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new McpConfigException(name + ": no such lock file", e);
    } catch (IOException e) {
      throw new McpConfigException(name + ": cannot read the lock file: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new McpConfigException(name + ": not a valid lock file (invalid JSON: "
          + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new McpConfigException(name + ": not a valid lock file (not a JSON object)");
    }
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw new McpConfigException(name + ": not a lock file of format " + FORMAT
          + " (write it with ape mcp-pin)");
    }
    for (Map.Entry<String, JsonNode> top : root.properties()) {
      String k = top.getKey();
      if (!k.equals("format") && !k.equals("source") && !k.equals("generated_by") && !k.equals("servers")) {
        throw new McpConfigException(name + ": unknown key '" + io.ape.api.ActionIds.printable(k)
            + "' in the lock file");
      }
    }
    JsonNode servers = root.path("servers");
    if (!servers.isObject()) {
      throw new McpConfigException(name + ": 'servers' must be an object");
    }
    Map<String, Map<String, String>> pins = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> s : servers.properties()) {
      if (!s.getValue().isObject()) {
        throw new McpConfigException(name + ": the tools of server '"
            + io.ape.api.ActionIds.printable(s.getKey()) + "' must be an object");
      }
      Map<String, String> tools = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : s.getValue().properties()) {
        String hash = e.getValue().isTextual() ? e.getValue().asText() : "";
        if (!HEX64.matcher(hash).matches()) {
          throw new McpConfigException(name + ": the pin of " + io.ape.api.ActionIds.printable(s.getKey())
              + "." + io.ape.api.ActionIds.printable(e.getKey()) + " is not a lower-case hex SHA-256");
        }
        tools.put(e.getKey(), hash);
      }
      pins.put(s.getKey(), tools);
    }
    return new ToolLock(root.path("source").asText(""), pins);
  }

  /** The configuration's file name the lock was made from. */
  public String source() {
    return source;
  }

  /** Server name to tool name to hash (unmodifiable, in code-point order). */
  public Map<String, Map<String, String>> pins() {
    return pins;
  }

  /** The pinned hash of one tool, if any. */
  public Optional<String> pin(String server, String tool) {
    Map<String, String> t = pins.get(server);
    return t == null ? Optional.empty() : Optional.ofNullable(t.get(tool));
  }

  /** Whether the lock has any pin for this server. */
  public boolean hasServer(String server) {
    return pins.containsKey(server);
  }

  /** The number of pinned tools. */
  public int size() {
    return pins.values().stream().mapToInt(Map::size).sum();
  }

  /** The lock file's text (UTF-8 JSON, deterministic, ending with a line break). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("generated_by", "ape mcp-pin");
    root.put("source", source);
    ObjectNode servers = root.putObject("servers");
    pins.forEach((server, tools) -> {
      ObjectNode t = servers.putObject(server);
      tools.forEach(t::put);
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new McpConfigException("cannot write the lock file: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolLock other && source.equals(other.source) && pins.equals(other.pins);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, pins);
  }

  @Override
  public String toString() {
    return "ToolLock[" + source + ", " + size() + " tools]";
  }
}
