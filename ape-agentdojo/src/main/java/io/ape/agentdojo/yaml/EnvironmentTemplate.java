package io.ape.agentdojo.yaml;

import io.ape.agentdojo.AgentDojoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A suite's environment with its injection vectors, rendered as AgentDojo's {@code
 * TaskSuite.load_and_inject_default_environment} does: the environment YAML is loaded ({@code
 * !include} resolved) and dumped once ({@link PyYamlDumper}); a rendering substitutes every
 * {@code {vector}} with the given injection or the vector's default ({@link PyFormat}) and loads
 * the text again ({@link SuiteYaml}).
 *
 * <p>Because the substitution happens in the YAML text, an injected value is read as the inside of
 * a double-quoted scalar: its line breaks are folded and its backslash escapes interpreted. An
 * injection that breaks the YAML (a double quote, a bad escape) is an {@link AgentDojoException},
 * as it is an error in AgentDojo. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class EnvironmentTemplate {
  private final String suite;
  private final String text;
  private final Map<String, String> defaults;
  private final Map<String, String> descriptions;
  private final ScalarSlots slots;
  private final Object tree;
  private final Map<String, Object> scalars =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
              return size() > 4096;
            }
          });

  private EnvironmentTemplate(
      String suite, String text, Map<String, String> defaults, Map<String, String> descriptions) {
    this.suite = suite;
    this.text = text;
    this.defaults = defaults;
    this.descriptions = descriptions;
    ScalarSlots found = ScalarSlots.of(text);
    this.slots = found;
    this.tree = found.usable() ? SuiteYaml.loadText(text, "of suite " + suite) : null;
  }

  /** Reads {@code environment.yaml} and {@code injection_vectors.yaml} of a suite directory. */
  public static EnvironmentTemplate load(String suite, Path suiteDirectory) {
    Path environment = suiteDirectory.resolve("environment.yaml");
    Path vectors = suiteDirectory.resolve("injection_vectors.yaml");
    for (Path p : new Path[] {environment, vectors}) {
      if (!Files.isRegularFile(p)) {
        throw new AgentDojoException("suite " + suite + ": missing file " + p);
      }
    }
    String text = PyYamlDumper.dump(SuiteYaml.loadFile(environment));
    Object vectorTree =
        SuiteYaml.loadText(PyYamlDumper.dump(SuiteYaml.loadFile(vectors)), vectors.toString());
    if (!(vectorTree instanceof Map<?, ?> vectorMap)) {
      throw new AgentDojoException(vectors + ": not a mapping of injection vectors");
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : vectorMap.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> info)
          || !(info.get("default") instanceof String def)
          || !(info.get("description") instanceof String description)) {
        throw new AgentDojoException(
            vectors + ": vector " + e.getKey() + " needs a string 'description' and 'default'");
      }
      defaults.put((String) e.getKey(), def);
      descriptions.put((String) e.getKey(), description);
    }
    return new EnvironmentTemplate(
        suite,
        text,
        Collections.unmodifiableMap(defaults),
        Collections.unmodifiableMap(descriptions));
  }

  /** The suite's name. */
  public String suite() {
    return suite;
  }

  /** The injection vectors in file order, with their default values. */
  public Map<String, String> defaults() {
    return defaults;
  }

  /** The injection vectors' descriptions. */
  public Map<String, String> descriptions() {
    return descriptions;
  }

  /** The vector ids. */
  public Set<String> vectors() {
    return defaults.keySet();
  }

  /** The dumped environment text, with its {@code {vector}} placeholders. */
  public String text() {
    return text;
  }

  /**
   * The environment tree with {@code injections} substituted (every other vector at its default).
   *
   * @throws AgentDojoException if an injection names an unknown vector or breaks the YAML
   */
  public Object render(Map<String, String> injections) {
    for (String vector : injections.keySet()) {
      if (!defaults.containsKey(vector)) {
        throw new AgentDojoException(
            "suite " + suite + ": unknown injection vector '" + vector + "'");
      }
    }
    Map<String, String> values = new LinkedHashMap<>(defaults);
    values.putAll(injections);
    if (slots.usable()) {
      List<Object> rendered = new ArrayList<>();
      try {
        for (ScalarSlots.Slot slot : slots.slots()) {
          String scalar = PyFormat.format(text.substring(slot.start(), slot.end()), values);
          Object v = scalars.get(scalar);
          if (v == null) {
            v = SuiteYaml.loadText(scalar, "scalar of suite " + suite);
            scalars.put(scalar, v);
          }
          if (!(v instanceof String)) {
            throw new AgentDojoException("not a string scalar");
          }
          rendered.add(v);
        }
        return ScalarSlots.replace(tree, slots.slots(), rendered);
      } catch (AgentDojoException e) {
        // An injection that breaks its scalar: render the whole text, as AgentDojo does.
      }
    }
    return renderWholeText(values, injections);
  }

  /** Formats and loads the whole text (AgentDojo's own way; the reference for {@link #render}). */
  Object renderWholeText(Map<String, String> values, Map<String, String> injections) {
    String rendered = PyFormat.format(text, values);
    return SuiteYaml.loadText(rendered, "of suite " + suite + " with injections " + injections.keySet());
  }
}
