package io.ape.agentdojo.suites;

import io.ape.agentdojo.data.ParamSpec;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.tools.ToolResult;
import io.ape.agentdojo.tools.Toolbox;
import io.ape.agentdojo.yaml.SuiteYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a suite's tool bodies on a hand-written environment, with hand-written tool specs. */
final class ToolHarness<E extends TaskEnvironment> {
  private final Toolbox<E> toolbox;

  ToolHarness(SuiteDefinition<E> suite, String environmentYaml, List<ToolSpec> specs) {
    E env = suite.environment(SuiteYaml.loadText(environmentYaml, "test"));
    this.toolbox = new Toolbox<>(env, specs, suite.tools());
  }

  E env() {
    return toolbox.environment();
  }

  ToolResult call(String tool, Map<String, ?> args) {
    return toolbox.invoke(tool, args);
  }

  Object ok(String tool, Map<String, ?> args) {
    ToolResult r = call(tool, args);
    if (!r.ok()) {
      throw new AssertionError(tool + " failed: " + r.failure().modelText());
    }
    return r.value();
  }

  /** A spec from {@code name:type} (required) and {@code name?type} (optional, default None) entries. */
  static ToolSpec spec(String name, String... params) {
    List<ParamSpec> ps = new ArrayList<>();
    for (String p : params) {
      boolean optional = p.contains("?");
      String[] parts = p.split(optional ? "\\?" : ":", 2);
      ps.add(new ParamSpec(parts[0], parts[1], !optional, null, ""));
    }
    return new ToolSpec(name, "", ps, "", false, false, false);
  }
}
