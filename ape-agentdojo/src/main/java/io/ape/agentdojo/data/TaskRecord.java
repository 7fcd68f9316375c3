package io.ape.agentdojo.data;

import io.ape.agentdojo.AgentDojoException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task with all its definitions and which one applies in each benchmark version.
 *
 * @param id the task id
 * @param kind user or injection task
 * @param definitions the definitions by folder (the main one first)
 * @param effectiveDefinition benchmark version (e.g. {@code v1.2.1}) to folder, or to {@code
 *     null} when the task is not part of that version
 * @since 0.2.0
 */
public record TaskRecord(
    String id,
    TaskKind kind,
    Map<String, TaskDefinition> definitions,
    Map<String, String> effectiveDefinition) {
  public TaskRecord {
    definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    effectiveDefinition = Collections.unmodifiableMap(new LinkedHashMap<>(effectiveDefinition));
  }

  /** The definition that applies in {@code version}, or empty if the task is not part of it. */
  public Optional<TaskDefinition> effective(String version) {
    if (!effectiveDefinition.containsKey(version)) {
      throw new AgentDojoException(
          "task " + id + ": unknown benchmark version '" + version + "'; known: "
              + effectiveDefinition.keySet());
    }
    String folder = effectiveDefinition.get(version);
    return folder == null ? Optional.empty() : Optional.of(definition(folder));
  }

  /** The definition of a folder. */
  public TaskDefinition definition(String folder) {
    TaskDefinition d = definitions.get(folder);
    if (d == null) {
      throw new AgentDojoException("task " + id + ": no definition in folder '" + folder + "'");
    }
    return d;
  }

  /** The benchmark versions the data knows. */
  public List<String> versions() {
    return List.copyOf(effectiveDefinition.keySet());
  }
}
