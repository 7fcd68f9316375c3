package io.ape.agentdojo.env;

/**
 * The environment of one suite: the state the tools read and change and the checks inspect.
 *
 * @since 0.2.0
 */
public interface TaskEnvironment extends Model {
  /** An independent deep copy (pydantic's {@code model_copy(deep=True)}). */
  TaskEnvironment deepCopy();
}
