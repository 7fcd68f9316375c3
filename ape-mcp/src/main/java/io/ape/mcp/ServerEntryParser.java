package io.ape.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.ActionIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one server entry (any client's dialect) into a {@link McpServerConfig}. A malformed entry
 * yields a config with a {@code problem}, never an exception, and never a message containing a
 * value from {@code env} or {@code headers}.
 */
final class ServerEntryParser {
  private ServerEntryParser() {}

  static McpServerConfig parse(String name, String scope, JsonNode entry, ClientFormat format) {
    List<String> problems = new ArrayList<>();
    if (name.isBlank()) {
      problems.add("the server name is empty");
    }
    if (entry == null || !entry.isObject()) {
      problems.add("the entry is not a JSON object");
      return new McpServerConfig(name, scope, TransportKind.STDIO, "", List.of(), null, "", "",
          null, false, List.of(), List.of(), String.join("; ", problems));
    }
    String type = text(entry, "type", problems);
    if (type.isEmpty()) {
      type = text(entry, "transport", problems);
    }
    String command = text(entry, "command", problems);
    List<String> args = stringList(entry, "args", problems);
    Map<String, String> env = stringMap(entry, "env", problems);
    String cwd = text(entry, "cwd", problems);
    String url = text(entry, "url", problems);
    String serverUrl = text(entry, "serverUrl", problems);
    String httpUrl = text(entry, "httpUrl", problems);
    Map<String, String> headers = stringMap(entry, "headers", problems);
    boolean disabled = entry.path("disabled").asBoolean(false)
        || (entry.has("enabled") && !entry.path("enabled").asBoolean(true));
    List<String> declaredTools = declaredTools(entry, problems);

    int urls = (url.isEmpty() ? 0 : 1) + (serverUrl.isEmpty() ? 0 : 1) + (httpUrl.isEmpty() ? 0 : 1);
    if (urls > 1) {
      problems.add("more than one of url, serverUrl and httpUrl is set");
    }
    String endpoint = !httpUrl.isEmpty() ? httpUrl : !serverUrl.isEmpty() ? serverUrl : url;
    TransportKind transport = TransportKind.STDIO;
    String t = type.toLowerCase(Locale.ROOT);
    if (!t.isEmpty()) {
      switch (t) {
        case "stdio":
          transport = TransportKind.STDIO;
          break;
        case "sse":
          transport = TransportKind.SSE;
          break;
        case "http":
        case "streamable-http":
        case "streamable_http":
        case "streamablehttp":
          transport = TransportKind.STREAMABLE_HTTP;
          break;
        default:
          problems.add("unknown transport type '" + ActionIds.printable(type)
              + "' (expected stdio, sse or http)");
          break;
      }
    } else if (!command.isEmpty()) {
      transport = TransportKind.STDIO;
    } else if (!httpUrl.isEmpty()) {
      transport = TransportKind.STREAMABLE_HTTP;
    } else if (!endpoint.isEmpty()) {
      transport = (format == ClientFormat.GEMINI_CLI || pathEndsWithSse(endpoint))
          ? TransportKind.SSE : TransportKind.STREAMABLE_HTTP;
    }
    if (!command.isEmpty() && !endpoint.isEmpty()) {
      problems.add("both a command and a URL are set; which one the client uses is ambiguous");
    } else if (transport == TransportKind.STDIO && command.isBlank()) {
      problems.add(endpoint.isEmpty() ? "neither a command nor a URL is set"
          : "type stdio needs a command");
    } else if (transport != TransportKind.STDIO) {
      if (endpoint.isEmpty()) {
        problems.add("type " + type + " needs a url");
      } else {
        String bad = checkUrl(endpoint);
        if (bad != null) {
          problems.add(bad);
        }
      }
    }
    if (entry.has("envFile")) {
      problems.add("envFile is not supported by the scanner; put the variables in env");
    }
    Set<String> refs = new LinkedHashSet<>();
    McpConfigReader.collectInputRefs(command, refs);
    McpConfigReader.collectInputRefs(cwd, refs);
    McpConfigReader.collectInputRefs(endpoint, refs);
    args.forEach(a -> McpConfigReader.collectInputRefs(a, refs));
    env.values().forEach(v -> McpConfigReader.collectInputRefs(v, refs));
    headers.values().forEach(v -> McpConfigReader.collectInputRefs(v, refs));
    return new McpServerConfig(name, scope, transport, command, args, SecretValues.of(env), cwd,
        transport == TransportKind.STDIO ? "" : endpoint, SecretValues.of(headers), disabled,
        declaredTools, List.copyOf(refs), String.join("; ", problems));
  }

  private static boolean pathEndsWithSse(String endpoint) {
    try {
      String path = new URI(endpoint).getPath();
      return path != null && (path.endsWith("/sse") || path.endsWith("/sse/"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String checkUrl(String endpoint) {
    if (endpoint.contains("${")) {
      return null; // resolved when connecting
    }
    try {
      URI u = new URI(endpoint);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "the URL must use http or https";
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        return "the URL has no host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "the URL is malformed";
    }
  }

  private static String text(JsonNode entry, String field, List<String> problems) {
    JsonNode n = entry.get(field);
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isTextual()) {
      problems.add(field + " must be a string");
      return "";
    }
    return n.asText();
  }

  private static List<String> stringList(JsonNode entry, String field, List<String> problems) {
    JsonNode n = entry.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      problems.add(field + " must be an array of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (e.isTextual() || e.isNumber() || e.isBoolean()) {
        out.add(e.asText());
      } else {
        problems.add(field + " must contain only strings");
        return List.of();
      }
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonNode entry, String field, List<String> problems) {
    JsonNode n = entry.get(field);
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      problems.add(field + " must be an object of names to strings");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isTextual() || v.isNumber() || v.isBoolean()) {
        out.put(e.getKey(), v.asText());
      } else if (v.isNull()) {
        problems.add(field + "." + ActionIds.printable(e.getKey()) + " is null");
      } else {
        // The value is never echoed: it could be a secret.
        problems.add(field + "." + ActionIds.printable(e.getKey()) + " must be a string");
      }
    }
    return out;
  }

  private static List<String> declaredTools(JsonNode entry, List<String> problems) {
    JsonNode n = entry.get("tools");
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      problems.add("tools must be an array of tool names");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        problems.add("tools must contain only strings");
        return List.of();
      }
      out.add(e.asText());
    }
    return out;
  }
}
