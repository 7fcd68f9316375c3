package io.ape.agentdojo.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.agentdojo.AgentDojoException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the task records of {@code tasks.json}. */
final class TaskParser {
  private static final String[] SOURCES = {
    "utility_source", "utility_from_traces_source", "security_source", "security_from_traces_source"
  };

  private TaskParser() {}

  static int number(String id) {
    int us = id.lastIndexOf('_');
    try {
      return Integer.parseInt(id.substring(us + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new AgentDojoException("malformed task id '" + id + "'");
    }
  }

  static TaskRecord record(String suite, TaskKind kind, JsonNode n) {
    String id = BenchmarkData.text(n, "id", suite + " task");
    number(id);
    String where = suite + "/" + id;
    String mainFolder = folderOf(BenchmarkData.text(BenchmarkData.field(n, "source", where), "path", where));
    Map<String, TaskDefinition> definitions = new LinkedHashMap<>();
    definitions.put(mainFolder, definition(suite, kind, id, mainFolder, n));
    JsonNode overrides = n.get("overrides");
    if (overrides != null && overrides.isArray()) {
      for (JsonNode o : overrides) {
        String folder = BenchmarkData.text(o, "folder", where + " override");
        definitions.put(folder, definition(suite, kind, id, folder, o));
      }
    }
    Map<String, String> effective = new LinkedHashMap<>();
    JsonNode eff = BenchmarkData.field(n, "effective_definition", where);
    for (Iterator<Map.Entry<String, JsonNode>> it = eff.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String folder = e.getValue().isNull() ? null : e.getValue().asText();
      if (folder != null && !definitions.containsKey(folder)) {
        throw new AgentDojoException(where + ": version " + e.getKey() + " uses unknown folder " + folder);
      }
      effective.put(e.getKey(), folder);
    }
    return new TaskRecord(id, kind, definitions, effective);
  }

  private static String folderOf(String path) {
    String marker = "/default_suites/";
    int i = path.indexOf(marker);
    if (i < 0) {
      throw new AgentDojoException("cannot tell the version folder of " + path);
    }
    String rest = path.substring(i + marker.length());
    return rest.substring(0, rest.indexOf('/'));
  }

  private static TaskDefinition definition(
      String suite, TaskKind kind, String id, String folder, JsonNode n) {
    String where = suite + "/" + id + "@" + folder;
    String text = BenchmarkData.text(n, kind == TaskKind.USER ? "prompt" : "goal", where);
    List<GroundTruthCall> gt = new ArrayList<>();
    JsonNode gtNode = n.get("ground_truth");
    if (gtNode != null && !gtNode.isNull()) {
      for (JsonNode c : gtNode) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = BenchmarkData.field(c, "args", where).fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> a = it.next();
          args.put(a.getKey(), argument(a.getValue()));
        }
        gt.add(new GroundTruthCall(BenchmarkData.text(c, "function", where), args));
      }
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (String s : SOURCES) {
      JsonNode v = n.get(s);
      if (v != null && v.isTextual()) {
        sources.put(s, v.asText());
      }
    }
    JsonNode helpers = n.get("helper_methods");
    if (helpers != null && helpers.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        sources.put("helper:" + h.getKey(), h.getValue().asText());
      }
    }
    List<CombinedPart> combined = new ArrayList<>();
    JsonNode comb = n.get("combined_of");
    if (comb != null && comb.isArray()) {
      for (JsonNode c : comb) {
        combined.add(
            new CombinedPart(
                BenchmarkData.text(c, "id", where),
                BenchmarkData.text(c, "definition", where),
                c.path("utility_strict").asBoolean(true)));
      }
      JsonNode rule = n.get("utility_rule");
      if (rule != null && rule.isTextual()) {
        sources.put("utility_rule", rule.asText());
      }
    }
    return new TaskDefinition(
        suite,
        id,
        kind,
        folder,
        text,
        n.path("ground_truth_output").asText(""),
        n.path("difficulty").asText(""),
        gt,
        sources,
        objectMap(n.get("class_constants")),
        objectMap(n.get("check_flags")),
        combined);
  }

  private static Object argument(JsonNode v) {
    if (v.isObject() && v.has("expr")) {
      List<String> where = new ArrayList<>();
      JsonNode w = v.get("where");
      if (w != null && w.isArray()) {
        w.forEach(s -> where.add(s.asText()));
      }
      return new ExprArg(v.get("expr").asText(), where);
    }
    return value(v);
  }

  private static Map<String, Object> objectMap(JsonNode n) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (n != null && n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), value(e.getValue()));
      }
    }
    return out;
  }

  /** A JSON value as Java: String, Long, Double, Boolean, null, List, LinkedHashMap. */
  static Object value(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw new AgentDojoException("integer out of range: " + v);
      }
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(value(x)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }
}
