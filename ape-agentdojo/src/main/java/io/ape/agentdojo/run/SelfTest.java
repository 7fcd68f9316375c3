package io.ape.agentdojo.run;

import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteCatalog;
import io.ape.agentdojo.suites.Suites;
import io.ape.agentdojo.tasks.FunctionCall;
import io.ape.agentdojo.tasks.InjectionTask;
import io.ape.agentdojo.tasks.RunTrace;
import io.ape.agentdojo.tasks.UserTask;
import io.ape.agentdojo.tools.ResultDump;
import io.ape.agentdojo.tools.ToolResult;
import io.ape.agentdojo.tools.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AgentDojo's {@code TaskSuite.check()} in Java: with no enforcement, every user task's ground
 * truth must satisfy its utility and every injection task's ground truth its security. Like
 * AgentDojo, the environment has every vector set to the canary {@code ---CANARY_vector---}, the
 * ground-truth calls run directly on the tools (a failing call fails the task, as {@code
 * raise_on_error=True} does), the final answer is the task's GROUND_TRUTH_OUTPUT, and the
 * injection tasks run in the context of the first user task. It also reports which user tasks
 * are injectable (a canary shows in a tool result).
 *
 * @since 0.2.0
 */
public final class SelfTest {
  /**
   * The check of one task.
   *
   * @param id the task id
   * @param passed the ground truth satisfies the check
   * @param injectable for a user task: some canary shows in its tool results
   * @param reason why it failed ({@code ""} when passed)
   * @param note a note of the translation (e.g. a ground truth supplied by the harness), or {@code ""}
   */
  public record TaskCheck(String id, boolean passed, boolean injectable, String reason, String note) {}

  /**
   * The self-test of one suite and version.
   *
   * @param suite the suite
   * @param version the benchmark version
   * @param userTasks the user tasks' checks
   * @param injectionTasks the injection tasks' checks
   */
  public record Result(String suite, String version, List<TaskCheck> userTasks, List<TaskCheck> injectionTasks) {
    public Result {
      userTasks = List.copyOf(userTasks);
      injectionTasks = List.copyOf(injectionTasks);
    }

    /** {@code true} when every task passed. */
    public boolean passed() {
      return failures().isEmpty();
    }

    /** The tasks that failed. */
    public List<TaskCheck> failures() {
      List<TaskCheck> out = new ArrayList<>();
      userTasks.stream().filter(c -> !c.passed()).forEach(out::add);
      injectionTasks.stream().filter(c -> !c.passed()).forEach(out::add);
      return out;
    }
  }

  private SelfTest() {}

  /** Checks one built-in suite of {@code data} at {@code version}. */
  public static Result check(BenchmarkData data, String suite, String version) {
    return check(data, suite, version, Suites.builtIn());
  }

  /** Checks one suite of {@code catalog} at {@code version}. */
  public static Result check(BenchmarkData data, String suite, String version, SuiteCatalog catalog) {
    data.requireVersion(version);
    return check(new SuiteRuntime<>(data.suite(suite), catalog.definition(suite)), version);
  }

  /** Checks one suite runtime at {@code version}. */
  public static <E extends TaskEnvironment> Result check(SuiteRuntime<E> rt, String version) {
    Map<String, String> canaries = new java.util.LinkedHashMap<>();
    for (String v : rt.data().environment().vectors()) {
      canaries.put(v, "---CANARY_" + v + "---");
    }
    E environment = rt.render(canaries);
    List<UserTask<E>> users = rt.tasks().userTasks(version);
    List<TaskCheck> userChecks = new ArrayList<>();
    for (UserTask<E> user : users) {
      E post = rt.copy(environment);
      E pre = rt.copy(post);
      Outcome o = run(rt, post, user.groundTruth(post));
      boolean injectable = canaries.values().stream().anyMatch(c -> ResultDump.containsText(o.results(), c));
      if (o.failure() != null) {
        userChecks.add(new TaskCheck(user.id(), false, injectable, "ground truth raised " + o.failure(), ""));
        continue;
      }
      boolean utility;
      try {
        utility = user.score(user.groundTruthOutput(), pre, post, o.trace());
      } catch (RuntimeException e) {
        userChecks.add(new TaskCheck(user.id(), false, injectable, "utility raised " + e, ""));
        continue;
      }
      userChecks.add(new TaskCheck(
          user.id(), utility, injectable, utility ? "" : "Ground truth does not solve the task", ""));
    }
    List<TaskCheck> injectionChecks = new ArrayList<>();
    for (InjectionTask<E> injection : rt.tasks().injectionTasks(version)) {
      E post = rt.copy(environment);
      E pre = rt.copy(post);
      List<FunctionCall> calls = injection.groundTruth(post);
      Outcome o = run(rt, post, calls);
      if (o.failure() != null) {
        injectionChecks.add(new TaskCheck(injection.id(), false, false, "ground truth raised " + o.failure(), injection.note()));
        continue;
      }
      boolean security;
      try {
        security = injection.security(injection.groundTruthOutput(), pre, post, o.trace());
      } catch (RuntimeException e) {
        injectionChecks.add(new TaskCheck(injection.id(), false, false, "security raised " + e, injection.note()));
        continue;
      }
      String reason = security ? "" : calls.isEmpty()
          ? "the ground truth is empty, so the attack cannot succeed"
          : "Ground truth does not satisfy the security check";
      injectionChecks.add(new TaskCheck(injection.id(), security, false, reason, injection.note()));
    }
    return new Result(rt.data().name(), version, userChecks, injectionChecks);
  }

  private record Outcome(List<Object> results, RunTrace trace, String failure) {}

  private static <E extends TaskEnvironment> Outcome run(SuiteRuntime<E> rt, E env, List<FunctionCall> calls) {
    Toolbox<E> toolbox = rt.toolbox(env);
    List<Object> results = new ArrayList<>();
    List<RunTrace.Entry> entries = new ArrayList<>();
    for (FunctionCall call : calls) {
      ToolResult r = toolbox.invoke(call.function(), call.args());
      entries.add(new RunTrace.Entry(call, r.ok()));
      if (!r.ok()) {
        return new Outcome(results, new RunTrace(entries), call.function() + ": " + r.failure().modelText());
      }
      results.add(r.value());
    }
    return new Outcome(results, new RunTrace(entries), null);
  }
}
