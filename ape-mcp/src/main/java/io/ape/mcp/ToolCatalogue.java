package io.ape.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in catalogue of well-known MCP servers and their tools, used when the scanner does
 * not connect. A server matches an entry by the package it runs (an npm or PyPI package name or a
 * container image among its command and arguments), or else by its configured name being exactly
 * one of the entry's names (never by a substring: "digital-ocean" is not "git"). Immutable.
 */
final class ToolCatalogue {
  private static final String RESOURCE = "known-servers.json";

  /** One catalogue entry. */
  record Entry(String id, List<String> packages, List<String> names, String note,
      List<ScannedTool> tools) {}

  /**
   * A match: the entry, how it was found, and whether it rests on the configured name alone (a
   * guess: anyone can name a server "filesystem").
   */
  record Match(Entry entry, String how, boolean byNameOnly) {}

  private final List<Entry> entries;

  private ToolCatalogue(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Loads the catalogue shipped with this module. */
  static ToolCatalogue builtIn() {
    try (InputStream in = ToolCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the MCP tool catalogue " + RESOURCE + " is missing from the classpath");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("the MCP tool catalogue " + RESOURCE + " cannot be read", e);
    }
  }

  static ToolCatalogue parse(JsonNode root) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode s : root.path("servers")) {
      List<ScannedTool> tools = new ArrayList<>();
      for (JsonNode t : s.path("tools")) {
        Map<String, Object> props = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = t.path("params").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> p = it.next();
          props.put(p.getKey(), parameterSchema(p.getValue().asText()));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        tools.add(new ScannedTool(t.path("name").asText(), "", "", schema,
            new ToolHints(bool(t, "readOnly"), bool(t, "destructive"), bool(t, "idempotent"),
                bool(t, "openWorld")),
            ToolSource.CATALOGUE, ""));
      }
      entries.add(new Entry(s.path("id").asText(), texts(s.path("packages")),
          texts(s.path("names")), s.path("note").asText(""), tools));
    }
    return new ToolCatalogue(entries);
  }

  /** The entry for a server, if any. */
  Optional<Match> find(McpServerConfig server) {
    if (server.transport() == TransportKind.STDIO) {
      List<String> words = new ArrayList<>();
      words.add(server.command());
      words.addAll(server.args());
      for (Entry e : entries) {
        for (String pkg : e.packages()) {
          for (String w : words) {
            if (runsPackage(w, pkg)) {
              return Optional.of(new Match(e, "package " + pkg, false));
            }
          }
        }
      }
    }
    String name = server.name().toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.names().contains(name)) {
        return Optional.of(new Match(e, "its name alone ('" + e.id() + "')", true));
      }
    }
    return Optional.empty();
  }

  List<Entry> entries() {
    return entries;
  }

  /** {@code pkg}, {@code pkg@version}, an image {@code pkg:tag}, or a path through {@code node_modules/pkg/}. */
  private static boolean runsPackage(String word, String pkg) {
    String w = word.replace('\\', '/');
    return w.equals(pkg) || w.startsWith(pkg + "@") || w.startsWith(pkg + ":")
        || w.contains("/node_modules/" + pkg + "/") || w.startsWith("node_modules/" + pkg + "/")
        || w.startsWith("docker.io/" + pkg) || w.endsWith("/" + pkg);
  }

  /**
   * The schema of one catalogue parameter: a JSON type, or one of the catalogue's own kinds,
   * {@code repo_path} (a string that is a path inside a repository, such as GitHub's
   * {@code path}: {@code path_within} cannot apply to it) and {@code repo_files} (objects that
   * each carry such a path, such as GitHub's push_files {@code files}).
   */
  static Map<String, Object> parameterSchema(String type) {
    switch (type) {
      case "repo_path":
        return Map.of("type", "string", ParameterKinds.KIND, ParameterKinds.REPOSITORY_PATH);
      case "repo_files":
        return Map.of("type", "array", "items", Map.of("type", "object"),
            ParameterKinds.KIND, ParameterKinds.REPOSITORY_FILES);
      default:
        return Map.of("type", type);
    }
  }

  private static Boolean bool(JsonNode t, String field) {
    JsonNode n = t.get(field);
    return n == null || n.isNull() ? null : n.asBoolean();
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }
}
