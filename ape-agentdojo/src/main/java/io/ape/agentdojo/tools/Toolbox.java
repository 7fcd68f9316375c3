package io.ape.agentdojo.tools;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.env.TaskEnvironment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A suite's tools bound to one live environment: the only code that runs tool bodies. A call is
 * validated ({@link ArgumentValidator}), run on the environment and its result dumped ({@link
 * ResultDump}); an unknown tool, invalid arguments or a failing body give a failed {@link
 * ToolResult}, as AgentDojo's runtime returns an error to the model. Not thread-safe: one run,
 * one toolbox.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public final class Toolbox<E extends TaskEnvironment> {
  private final E environment;
  private final Map<String, ToolSpec> specs;
  private final Map<String, ToolBody<E>> bodies;

  /** Binds the tools {@code specs} (in order) with their {@code bodies} to {@code environment}. */
  public Toolbox(E environment, List<ToolSpec> specs, Map<String, ToolBody<E>> bodies) {
    this.environment = environment;
    Map<String, ToolSpec> s = new LinkedHashMap<>();
    for (ToolSpec spec : specs) {
      if (!bodies.containsKey(spec.name())) {
        throw new AgentDojoException("no Java body for tool " + spec.name());
      }
      s.put(spec.name(), spec);
    }
    this.specs = Collections.unmodifiableMap(s);
    this.bodies = Map.copyOf(bodies);
  }

  /** The environment the tools act on. */
  public E environment() {
    return environment;
  }

  /** The tools, in the suite's order. */
  public List<ToolSpec> specs() {
    return List.copyOf(specs.values());
  }

  /** {@code true} when the suite has this tool. */
  public boolean has(String tool) {
    return specs.containsKey(tool);
  }

  /** Runs one call; never throws for a bad call (fail closed into a failed result). */
  public ToolResult invoke(String tool, Map<String, ?> arguments) {
    ToolSpec spec = specs.get(tool);
    if (spec == null) {
      return new ToolResult(
          null, new ToolFailure("ToolNotFoundError", "The requested function `" + tool + "` is not available."));
    }
    try {
      ToolArgs args = ArgumentValidator.validate(spec, arguments);
      Object result = bodies.get(tool).run(environment, args);
      return new ToolResult(ResultDump.of(result), null);
    } catch (ToolFailure f) {
      return new ToolResult(null, f);
    } catch (RuntimeException e) {
      return new ToolResult(null, new ToolFailure(e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
    }
  }
}
