package io.ape.agentdojo.suites;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.tasks.TranslationRegistry;
import io.ape.agentdojo.tools.ToolBody;
import java.util.Map;

/**
 * The Java side of one AgentDojo suite: how its environment is built from the rendered YAML, the
 * bodies of its tools and the translations of its tasks' checks.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public interface SuiteDefinition<E extends TaskEnvironment> {
  /** The suite name as in the data ({@code banking}, {@code slack}, {@code travel}, {@code workspace}). */
  String name();

  /** The environment of a rendered YAML tree (pydantic's {@code model_validate}). */
  E environment(Object tree);

  /** The tool bodies by tool name. */
  Map<String, ToolBody<E>> tools();

  /** The translations of the suite's task checks. */
  TranslationRegistry<E> translations();

  /** Casts a live environment of this suite (the runner keeps environments untyped). */
  E cast(TaskEnvironment environment);
}
