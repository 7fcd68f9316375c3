package io.ape.agentdojo.ape;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.tools.ToolResult;
import io.ape.agentdojo.tools.Toolbox;
import io.ape.api.Policy;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.spi.EscalationResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine of one suite: built once from the suite's policy, with every tool of the suite
 * registered. A registered tool runs on the environment of the run in progress: the caller binds
 * the run's toolbox to the calling thread around each guarded call, and a tool invoked on a thread
 * with no run bound fails (closed). Thread-safe; each thread can run its own run.
 */
final class SuiteEngine implements AutoCloseable {
  private final String suite;
  private final ApeEngine engine;
  private final Set<String> tools;
  private final ThreadLocal<Toolbox<?>> current = new ThreadLocal<>();

  SuiteEngine(String suite, Policy policy, List<ToolSpec> specs, EscalationResolver resolver) {
    this.suite = suite;
    ApeEngine.Builder builder = ApeEngine.builder()
        .policy(policy)
        .actions(SuiteActions.repository(suite, specs))
        .tenant("agentdojo");
    if (resolver != null) {
      builder.escalationResolver(resolver);
    }
    this.engine = builder.build();
    Set<String> trusted = trustedSources(policy);
    Set<String> names = new TreeSet<>();
    try {
      for (ToolSpec spec : specs) {
        String name = spec.name();
        engine.registerTool(new ToolRegistration(name, name, parameters -> invoke(name, parameters),
            null, null, trusted.contains(name)));
        names.add(name);
      }
      List<String> unknown = new ArrayList<>(trusted);
      unknown.removeAll(names);
      if (!unknown.isEmpty()) {
        throw new AgentDojoException("the APE policy of suite '" + suite + "' lists trusted sources that are not "
            + "tools of the suite: " + unknown);
      }
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    this.tools = Set.copyOf(names);
  }

  /** The tools the policy lists under {@code metadata.trusted_sources}. */
  static Set<String> trustedSources(Policy policy) {
    Object listed = policy.metadata().get("trusted_sources");
    Set<String> out = new TreeSet<>();
    if (listed instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  String suite() {
    return suite;
  }

  ApeEngine engine() {
    return engine;
  }

  Set<String> tools() {
    return tools;
  }

  /** Binds {@code toolbox} to this thread for the duration of one guarded call. */
  void bind(Toolbox<?> toolbox) {
    current.set(toolbox);
  }

  void unbind() {
    current.remove();
  }

  /** What a registered tool does: run on the bound run's environment, or fail. */
  private Object invoke(String name, Map<String, Object> parameters) throws Exception {
    Toolbox<?> toolbox = current.get();
    if (toolbox == null) {
      throw new IllegalStateException("tool '" + name + "' of suite '" + suite
          + "' was invoked outside a guarded call of a run");
    }
    ToolResult result = toolbox.invoke(name, parameters);
    if (!result.ok()) {
      throw result.failure();
    }
    return result.value();
  }

  @Override
  public void close() {
    engine.close();
  }
}
