package io.ape.agentdojo.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One definition of a user or injection task (the class in one version folder), as {@code
 * tasks.json} gives it.
 *
 * @param suite the suite
 * @param id the task id, e.g. {@code user_task_3}
 * @param kind user or injection task
 * @param folder the version folder of this definition, e.g. {@code v1_1_1}
 * @param text the user task's PROMPT or the injection task's GOAL
 * @param groundTruthOutput GROUND_TRUTH_OUTPUT, the final answer of the ground truth
 * @param difficulty EASY, MEDIUM or HARD
 * @param groundTruth the ground-truth calls
 * @param sources the check sources ({@code utility_source}, {@code security_source}, the {@code
 *     *_from_traces_source}s and {@code helper:<name>} for helper methods), absent when null
 * @param classConstants the class's other literal attributes
 * @param checkFlags the data's flags about the checks ({@code requires_env_unchanged}, ...)
 * @param combinedOf the components of a combined task (empty otherwise)
 * @since 0.2.0
 */
public record TaskDefinition(
    String suite,
    String id,
    TaskKind kind,
    String folder,
    String text,
    String groundTruthOutput,
    String difficulty,
    List<GroundTruthCall> groundTruth,
    Map<String, String> sources,
    Map<String, Object> classConstants,
    Map<String, Object> checkFlags,
    List<CombinedPart> combinedOf) {
  public TaskDefinition {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(text, "text");
    groundTruthOutput = groundTruthOutput == null ? "" : groundTruthOutput;
    groundTruth = List.copyOf(groundTruth);
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    classConstants = Collections.unmodifiableMap(new LinkedHashMap<>(classConstants));
    checkFlags = Collections.unmodifiableMap(new LinkedHashMap<>(checkFlags));
    combinedOf = List.copyOf(combinedOf);
  }

  /** {@code true} for a combined user task. */
  public boolean combined() {
    return !combinedOf.isEmpty();
  }

  /** A check flag, {@code false} when absent. */
  public boolean flag(String name) {
    return Boolean.TRUE.equals(checkFlags.get(name));
  }

  /** {@code suite/id@folder}, for messages. */
  public String label() {
    return suite + "/" + id + "@" + folder;
  }
}
