package io.ape.agentdojo.run;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.tasks.FunctionCall;
import io.ape.agentdojo.tasks.UserTask;
import io.ape.agentdojo.tools.ResultDump;
import io.ape.agentdojo.tools.ToolResult;
import io.ape.agentdojo.tools.Toolbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AgentDojo's {@code BaseAttack.get_injection_candidates}: the vectors a user task's agent sees.
 * Every vector is set to its canary {@code <CANARY---vector--->}, the user task's ground truth
 * runs on that environment (tools called directly, as the ground-truth pipeline does), and a
 * vector is a candidate when its canary appears in some tool result. Candidates keep the order
 * of {@code injection_vectors.yaml}.
 *
 * @since 0.2.0
 */
public final class InjectionCandidates {
  private InjectionCandidates() {}

  /** The canary of a vector. */
  public static String canary(String vector) {
    return "<CANARY---" + vector + "--->";
  }

  /** The canary value of every vector. */
  public static Map<String, String> canaries(Iterable<String> vectors) {
    Map<String, String> out = new LinkedHashMap<>();
    vectors.forEach(v -> out.put(v, canary(v)));
    return out;
  }

  /** The candidates of {@code task}, from a fresh canary environment. */
  public static <E extends TaskEnvironment> List<String> of(SuiteRuntime<E> suite, UserTask<E> task) {
    Map<String, String> canaries = canaries(suite.data().environment().vectors());
    E environment = suite.render(canaries);
    Toolbox<E> toolbox = suite.toolbox(environment);
    List<Object> seen = new ArrayList<>();
    for (FunctionCall call : task.groundTruth(environment)) {
      ToolResult result = toolbox.invoke(call.function(), call.args());
      seen.add(result.ok() ? result.value() : result.failure().modelText());
    }
    List<String> candidates = new ArrayList<>();
    for (Map.Entry<String, String> e : canaries.entrySet()) {
      if (ResultDump.containsText(seen, e.getValue())) {
        candidates.add(e.getKey());
      }
    }
    return candidates;
  }
}
