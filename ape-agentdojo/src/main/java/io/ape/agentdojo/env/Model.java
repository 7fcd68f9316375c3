package io.ape.agentdojo.env;

/**
 * An object of a suite's environment, the Java twin of one of AgentDojo's pydantic models.
 * Models are mutable, as AgentDojo's are: the tools change them in place.
 *
 * @since 0.2.0
 */
public interface Model {
  /**
   * This model as a tree, like pydantic's {@code model_dump()} but keeping the model boundary:
   * an {@link Obj} whose fields are {@link String}, {@link Long}, {@link Double}, {@link Boolean},
   * {@code null}, {@link java.time.LocalDateTime}, {@link java.time.LocalDate}, {@link
   * PyEnumValue}, lists, string-keyed maps and nested {@link Obj}s. Two models are equal as
   * pydantic models ({@code ==}) exactly when their dumps are equal.
   */
  Obj dump();
}
