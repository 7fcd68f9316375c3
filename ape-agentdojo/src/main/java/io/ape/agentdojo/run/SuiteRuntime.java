package io.ape.agentdojo.run;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.SuiteData;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteDefinition;
import io.ape.agentdojo.tasks.TaskResolver;
import io.ape.agentdojo.tools.Toolbox;
import java.util.Map;

/**
 * A suite's data joined with its Java definition: renders environments and binds toolboxes.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public final class SuiteRuntime<E extends TaskEnvironment> {
  private final SuiteData data;
  private final SuiteDefinition<E> definition;
  private final TaskResolver<E> resolver;
  private final Map<Map<String, String>, Object> rendered =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Object> eldest) {
              return size() > 64;
            }
          });

  /** Joins {@code data} and {@code definition}; every tool of the data must have a Java body. */
  public SuiteRuntime(SuiteData data, SuiteDefinition<E> definition) {
    if (!data.name().equals(definition.name())) {
      throw new AgentDojoException("suite " + data.name() + " joined with definition " + definition.name());
    }
    for (ToolSpec t : data.tools()) {
      if (!definition.tools().containsKey(t.name())) {
        throw new AgentDojoException("suite " + data.name() + ": no Java body for tool " + t.name());
      }
    }
    this.data = data;
    this.definition = definition;
    this.resolver = new TaskResolver<>(data, definition.translations());
  }

  /** The suite's data. */
  public SuiteData data() {
    return data;
  }

  /** The suite's Java definition. */
  public SuiteDefinition<E> definition() {
    return definition;
  }

  /** The task resolver. */
  public TaskResolver<E> tasks() {
    return resolver;
  }

  /**
   * A fresh environment with {@code injections} (other vectors at their defaults). The rendered
   * YAML tree of the last 64 injection maps is kept, so a repeated rendering only rebuilds the
   * models.
   */
  public E render(Map<String, String> injections) {
    Map<String, String> key = Map.copyOf(injections);
    Object tree = rendered.get(key);
    if (tree == null) {
      tree = data.environment().render(key);
      rendered.put(key, tree);
    }
    return definition.environment(tree);
  }

  /** The suite's tools bound to {@code environment}. */
  public Toolbox<E> toolbox(E environment) {
    return new Toolbox<>(environment, data.tools(), definition.tools());
  }

  /** A copy of {@code environment} of this suite's type. */
  public E copy(E environment) {
    return definition.cast(environment.deepCopy());
  }
}
