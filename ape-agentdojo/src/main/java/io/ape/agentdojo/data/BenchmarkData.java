package io.ape.agentdojo.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.yaml.EnvironmentTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark as plain data, read from a directory laid out like AgentDojo's data export (the
 * data set, not part of this repository): {@code tasks.json}, {@code tools.json}, {@code attacks.json} and {@code
 * data/<suite>/{environment,injection_vectors}.yaml}. Nothing is copied or cached on disk.
 * Immutable once loaded.
 *
 * @since 0.2.0
 */
public final class BenchmarkData {
  private final Path directory;
  private final Map<String, SuiteData> suites;
  private final AttackTemplate attack;

  private BenchmarkData(Path directory, Map<String, SuiteData> suites, AttackTemplate attack) {
    this.directory = directory;
    this.suites = Collections.unmodifiableMap(suites);
    this.attack = attack;
  }

  /** Loads the data directory; every missing or malformed file is an {@link AgentDojoException}. */
  public static BenchmarkData load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new AgentDojoException("benchmark data directory not found: " + directory);
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tasks = readJson(mapper, directory.resolve("tasks.json"));
    JsonNode tools = readJson(mapper, directory.resolve("tools.json"));
    JsonNode attacks = readJson(mapper, directory.resolve("attacks.json"));
    AttackTemplate attack = attack(attacks);
    Map<String, ToolSpec> toolSpecs = new LinkedHashMap<>();
    for (JsonNode t : array(tools, "tools", "tools.json")) {
      ToolSpec spec = tool(t);
      toolSpecs.put(spec.name(), spec);
    }
    JsonNode toolSuites = field(tools, "suites", "tools.json");
    Map<String, SuiteData> suites = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String suite = e.getKey();
      JsonNode s = e.getValue();
      List<ToolSpec> suiteTools = new ArrayList<>();
      for (JsonNode n : array(field(toolSuites, suite, "tools.json suites"), "tools", "tools.json " + suite)) {
        ToolSpec spec = toolSpecs.get(n.asText());
        if (spec == null) {
          throw new AgentDojoException("tools.json: suite " + suite + " lists unknown tool " + n.asText());
        }
        suiteTools.add(spec);
      }
      Map<String, TaskRecord> user = new LinkedHashMap<>();
      Map<String, TaskRecord> injection = new LinkedHashMap<>();
      JsonNode later = field(s, "added_in_later_versions", suite);
      List<JsonNode> userNodes = new ArrayList<>();
      array(s, "user_tasks", suite).forEach(userNodes::add);
      array(later, "user_tasks", suite).forEach(userNodes::add);
      List<JsonNode> injectionNodes = new ArrayList<>();
      array(s, "injection_tasks", suite).forEach(injectionNodes::add);
      array(later, "injection_tasks", suite).forEach(injectionNodes::add);
      for (TaskRecord r : sorted(suite, TaskKind.USER, userNodes)) {
        user.put(r.id(), r);
      }
      for (TaskRecord r : sorted(suite, TaskKind.INJECTION, injectionNodes)) {
        injection.put(r.id(), r);
      }
      EnvironmentTemplate environment =
          EnvironmentTemplate.load(suite, directory.resolve("data").resolve(suite));
      suites.put(suite, new SuiteData(suite, environment, suiteTools, user, injection));
    }
    if (suites.isEmpty()) {
      throw new AgentDojoException("tasks.json: no suites");
    }
    return new BenchmarkData(directory, suites, attack);
  }

  /** The directory this data was read from. */
  public Path directory() {
    return directory;
  }

  /** The suites in data order. */
  public List<String> suiteNames() {
    return List.copyOf(suites.keySet());
  }

  /** A suite. */
  public SuiteData suite(String name) {
    SuiteData s = suites.get(name);
    if (s == null) {
      throw new AgentDojoException("unknown suite '" + name + "'; known: " + suites.keySet());
    }
    return s;
  }

  /**
   * The benchmark versions the data defines (the keys of the tasks' {@code effective_definition}),
   * or AgentDojo's list when the data has no task.
   */
  public List<String> versions() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (SuiteData s : suites.values()) {
      s.userTasks().values().forEach(r -> out.addAll(r.versions()));
      s.injectionTasks().values().forEach(r -> out.addAll(r.versions()));
    }
    return out.isEmpty() ? AGENTDOJO_VERSIONS : List.copyOf(out);
  }

  /** Fails unless {@code version} is one of {@link #versions()}. */
  public void requireVersion(String version) {
    if (!versions().contains(version)) {
      throw new AgentDojoException("unknown benchmark version '" + version + "'; known: " + versions());
    }
  }

  /** AgentDojo's benchmark versions. */
  public static final List<String> AGENTDOJO_VERSIONS = List.of("v1", "v1.1", "v1.1.1", "v1.1.2", "v1.2", "v1.2.1");

  /** The {@code important_instructions} attack. */
  public AttackTemplate attack() {
    return attack;
  }

  private static List<TaskRecord> sorted(String suite, TaskKind kind, List<JsonNode> nodes) {
    List<TaskRecord> out = new ArrayList<>();
    for (JsonNode n : nodes) {
      out.add(TaskParser.record(suite, kind, n));
    }
    out.sort(Comparator.comparingInt(r -> TaskParser.number(r.id())));
    return out;
  }

  private static AttackTemplate attack(JsonNode attacks) {
    JsonNode ii = field(attacks, "important_instructions", "attacks.json");
    return new AttackTemplate(
        text(ii, "template", "attacks.json"),
        text(ii, "user_name", "attacks.json"),
        AttackTemplate.DEFAULT_MODEL_NAME);
  }

  private static ToolSpec tool(JsonNode t) {
    String name = text(t, "name", "tools.json tool");
    List<ParamSpec> params = new ArrayList<>();
    for (JsonNode p : array(t, "params", "tools.json " + name)) {
      params.add(
          new ParamSpec(
              text(p, "name", "tools.json " + name),
              text(p, "type", "tools.json " + name),
              p.path("required").asBoolean(false),
              TaskParser.value(p.get("default")),
              p.path("description").asText("")));
    }
    return new ToolSpec(
        name,
        t.path("doc").asText(""),
        params,
        t.path("returns").asText(""),
        "write".equals(t.path("kind").asText()),
        t.path("mutates_env").asBoolean(false),
        t.path("attacker_controlled_output").asBoolean(false));
  }

  static JsonNode readJson(ObjectMapper mapper, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new AgentDojoException("missing benchmark file " + file);
    }
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new AgentDojoException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode field(JsonNode node, String name, String where) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new AgentDojoException(where + ": missing '" + name + "'");
    }
    return v;
  }

  static String text(JsonNode node, String name, String where) {
    JsonNode v = field(node, name, where);
    if (!v.isTextual()) {
      throw new AgentDojoException(where + ": '" + name + "' is not a string");
    }
    return v.asText();
  }

  static Iterable<JsonNode> array(JsonNode node, String name, String where) {
    JsonNode v = field(node, name, where);
    if (!v.isArray()) {
      throw new AgentDojoException(where + ": '" + name + "' is not a list");
    }
    return v;
  }
}
