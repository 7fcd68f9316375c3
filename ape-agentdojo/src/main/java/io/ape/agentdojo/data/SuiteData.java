package io.ape.agentdojo.data;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.yaml.EnvironmentTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One suite of the benchmark data: its environment template, its tools in registration order and
 * its tasks (ordered by number).
 *
 * @param name the suite name
 * @param environment the environment with its injection vectors
 * @param tools the registered tools, in the suite's order
 * @param userTasks the user tasks by id
 * @param injectionTasks the injection tasks by id (those of later versions included)
 * @since 0.2.0
 */
public record SuiteData(
    String name,
    EnvironmentTemplate environment,
    List<ToolSpec> tools,
    Map<String, TaskRecord> userTasks,
    Map<String, TaskRecord> injectionTasks) {
  public SuiteData {
    tools = List.copyOf(tools);
    userTasks = Collections.unmodifiableMap(new LinkedHashMap<>(userTasks));
    injectionTasks = Collections.unmodifiableMap(new LinkedHashMap<>(injectionTasks));
  }

  /** The user tasks' definitions that apply in {@code version}, in order. */
  public List<TaskDefinition> userTasks(String version) {
    return effective(userTasks, version);
  }

  /** The injection tasks' definitions that apply in {@code version}, in order. */
  public List<TaskDefinition> injectionTasks(String version) {
    return effective(injectionTasks, version);
  }

  /** A user task record. */
  public TaskRecord userTask(String id) {
    TaskRecord r = userTasks.get(id);
    if (r == null) {
      throw new AgentDojoException("suite " + name + ": no user task '" + id + "'");
    }
    return r;
  }

  /** An injection task record. */
  public TaskRecord injectionTask(String id) {
    TaskRecord r = injectionTasks.get(id);
    if (r == null) {
      throw new AgentDojoException("suite " + name + ": no injection task '" + id + "'");
    }
    return r;
  }

  /** A tool of this suite. */
  public ToolSpec tool(String toolName) {
    for (ToolSpec t : tools) {
      if (t.name().equals(toolName)) {
        return t;
      }
    }
    throw new AgentDojoException("suite " + name + ": no tool '" + toolName + "'");
  }

  private static List<TaskDefinition> effective(Map<String, TaskRecord> tasks, String version) {
    List<TaskDefinition> out = new ArrayList<>();
    for (TaskRecord r : tasks.values()) {
      r.effective(version).ifPresent(out::add);
    }
    return out;
  }
}
