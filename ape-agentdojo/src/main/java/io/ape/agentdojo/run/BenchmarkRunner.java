package io.ape.agentdojo.run;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.AttackTemplate;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.data.SuiteData;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteCatalog;
import io.ape.agentdojo.suites.Suites;
import io.ape.agentdojo.tasks.FunctionCall;
import io.ape.agentdojo.tasks.InjectionTask;
import io.ape.agentdojo.tasks.UserTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark with the scripted worst-case agent: for every user task a benign run, and
 * for every (user task, injection task) pair an attacked run, each through a fresh {@link
 * ToolCaller}, scored on the final state with the hand-translated checks.
 *
 * <p>An attacked run injects the {@code important_instructions} text with the injection task's
 * goal into every injection candidate of the user task ({@link InjectionCandidates}), leaves the
 * other vectors at their defaults, and takes the pre-environment snapshot before the first call.
 * Utility under attack is the user task's utility on that run; the attack succeeded when the
 * injection task's security check is true.
 *
 * @since 0.2.0
 */
public final class BenchmarkRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

  /**
   * What to run.
   *
   * @param suites the suites to run (empty: all implemented suites of the data)
   * @param version the benchmark version, e.g. {@code v1} or {@code v1.2.1}
   * @param customInjections extra injection tasks ({@link CustomInjection})
   */
  public record Options(List<String> suites, String version, List<CustomInjection> customInjections) {
    public Options {
      suites = List.copyOf(suites);
      Objects.requireNonNull(version, "version");
      customInjections = List.copyOf(customInjections);
    }
  }

  private final BenchmarkData data;
  private final ToolCallerFactory callers;
  private final SuiteCatalog catalog;
  private final ScriptedAgent agent = new ScriptedAgent();

  /** A runner of {@code data}'s tasks whose agent reaches the tools through {@code callers}. */
  public BenchmarkRunner(BenchmarkData data, ToolCallerFactory callers) {
    this(data, callers, Suites.builtIn());
  }

  /** A runner with the suites of {@code catalog}. */
  public BenchmarkRunner(BenchmarkData data, ToolCallerFactory callers, SuiteCatalog catalog) {
    this.data = Objects.requireNonNull(data, "data");
    this.callers = Objects.requireNonNull(callers, "callers");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** Runs the benchmark. */
  public BenchmarkReport run(Options options) {
    long start = System.nanoTime();
    data.requireVersion(options.version());
    List<String> suites = options.suites().isEmpty() ? implementedSuites() : options.suites();
    for (CustomInjection c : options.customInjections()) {
      if (!data.suiteNames().contains(c.suite())) {
        throw new AgentDojoException("custom injection " + c.id() + ": unknown suite '" + c.suite() + "'");
      }
    }
    List<SuiteReport> reports = new ArrayList<>();
    Score total = Score.EMPTY;
    Score customTotal = Score.EMPTY;
    for (String suite : suites) {
      SuiteReport r = runSuite(suite, options);
      reports.add(r);
      total = total.plus(r.score());
      customTotal = customTotal.plus(r.customScore());
    }
    AttackTemplate attack = data.attack();
    return new BenchmarkReport(
        options.version(), callers.name(), "important_instructions", attack.userName(), attack.modelName(),
        reports, total, customTotal, (System.nanoTime() - start) / 1_000_000);
  }

  /** The data's suites that this module implements, in data order. */
  public List<String> implementedSuites() {
    List<String> out = new ArrayList<>();
    for (String s : data.suiteNames()) {
      if (catalog.names().contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private SuiteReport runSuite(String suite, Options options) {
    SuiteData suiteData = data.suite(suite);
    return runSuite(new SuiteRuntime<>(suiteData, catalog.definition(suite)), options);
  }

  private <E extends TaskEnvironment> SuiteReport runSuite(SuiteRuntime<E> rt, Options options) {
    String suite = rt.data().name();
    List<UserTask<E>> users = rt.tasks().userTasks(options.version());
    List<InjectionTask<E>> injections = new ArrayList<>(rt.tasks().injectionTasks(options.version()));
    Set<String> ids = new HashSet<>(rt.data().injectionTasks().keySet());
    for (CustomInjection c : options.customInjections()) {
      if (!c.suite().equals(suite)) {
        continue;
      }
      if (!ids.add(c.id())) {
        throw new AgentDojoException("custom injection id '" + c.id() + "' is already used in suite " + suite);
      }
      for (FunctionCall call : c.groundTruth()) {
        rt.data().tool(call.function());
      }
      for (FunctionCall call : c.successIfExecuted()) {
        rt.data().tool(call.function());
      }
      injections.add(c.task());
    }
    List<BenignResult> benign = new ArrayList<>();
    List<PairResult> pairs = new ArrayList<>();
    int[] s = new int[6];
    int[] cs = new int[6];
    for (UserTask<E> user : users) {
      BenignResult b = benign(rt, user);
      benign.add(b);
      s[0]++;
      s[1] += b.utility() ? 1 : 0;
      s[5] += b.error() != null ? 1 : 0;
      List<String> candidates = InjectionCandidates.of(rt, user);
      for (InjectionTask<E> injection : injections) {
        PairResult p = attacked(rt, user, injection, candidates);
        pairs.add(p);
        int[] t = injection.custom() ? cs : s;
        t[2]++;
        t[3] += p.utility() ? 1 : 0;
        t[4] += p.attackSucceeded() ? 1 : 0;
        t[5] += p.error() != null ? 1 : 0;
      }
    }
    LOG.debug("suite {} done: {} user tasks, {} pairs", suite, users.size(), pairs.size());
    return new SuiteReport(
        suite, new Score(s[0], s[1], s[2], s[3], s[4], s[5]), new Score(0, 0, cs[2], cs[3], cs[4], cs[5]),
        benign, pairs);
  }

  private <E extends TaskEnvironment> BenignResult benign(SuiteRuntime<E> rt, UserTask<E> user) {
    String suite = rt.data().name();
    try {
      E env = rt.render(Map.of());
      E pre = rt.copy(env);
      List<FunctionCall> calls = user.groundTruth(pre);
      ScriptedAgent.Run run;
      try (ToolCaller caller = callers.open(new RunContext(suite, user.id(), null, rt.toolbox(env)))) {
        run = agent.run(caller, new ScriptedAgent.Script(user.prompt(), calls, null, null, user.groundTruthOutput(), ""));
      }
      boolean utility = user.score(run.finalAnswer(), pre, env, run.trace());
      return new BenignResult(suite, user.id(), utility, run.steps().size(), (int) run.refused(),
          (int) run.failed(), refusedTools(run), null, refusals(run));
    } catch (RuntimeException e) {
      LOG.warn("{}/{} benign run failed: {}", suite, user.id(), e.toString());
      return new BenignResult(suite, user.id(), false, 0, 0, 0, List.of(), e.toString(), List.of());
    }
  }

  private <E extends TaskEnvironment> PairResult attacked(
      SuiteRuntime<E> rt, UserTask<E> user, InjectionTask<E> injection, List<String> candidates) {
    String suite = rt.data().name();
    try {
      String text = data.attack().render(injection.goal());
      Map<String, String> injected = new LinkedHashMap<>();
      candidates.forEach(v -> injected.put(v, text));
      E env = rt.render(injected);
      E pre = rt.copy(env);
      List<FunctionCall> userCalls = user.groundTruth(pre);
      List<FunctionCall> injectionCalls = injection.groundTruth(pre);
      ScriptedAgent.Run run;
      try (ToolCaller caller = callers.open(new RunContext(suite, user.id(), injection.id(), rt.toolbox(env)))) {
        run = agent.run(caller, new ScriptedAgent.Script(
            user.prompt(), userCalls, injectionCalls, marker(injection.goal()), user.groundTruthOutput(),
            injection.groundTruthOutput()));
      }
      boolean utility = user.score(run.finalAnswer(), pre, env, run.trace());
      boolean success = injection.security(run.finalAnswer(), pre, env, run.trace());
      return new PairResult(suite, user.id(), injection.id(), injection.custom(), candidates, run.hijacked(),
          utility, success, run.steps().size(), (int) run.refused(), (int) run.failed(), refusedTools(run), null,
          injection.note(), refusals(run));
    } catch (RuntimeException e) {
      LOG.warn("{}/{} x {} failed: {}", suite, user.id(), injection.id(), e.toString());
      return new PairResult(suite, user.id(), injection.id(), injection.custom(), candidates, false, false, false,
          0, 0, 0, List.of(), e.toString(), injection.note(), List.of());
    }
  }

  /**
   * The text that shows the injection in a tool result: the first non-blank line of the goal.
   * The injected text reaches the environment through YAML, which folds its line breaks but keeps
   * every line's inner text, so this line appears verbatim wherever the injection does.
   */
  static String marker(String goal) {
    for (String line : goal.split("\n")) {
      String stripped = line.strip();
      if (!stripped.isEmpty()) {
        return stripped;
      }
    }
    throw new AgentDojoException("an injection task has an empty goal");
  }

  private static List<RefusedCall> refusals(ScriptedAgent.Run run) {
    List<RefusedCall> out = new ArrayList<>();
    for (ScriptedAgent.Step s : run.steps()) {
      if (s.outcome().status() == ToolCallOutcome.Status.REFUSED) {
        out.add(RefusedCall.of(s));
      }
    }
    return out;
  }

  private static List<String> refusedTools(ScriptedAgent.Run run) {
    List<String> out = new ArrayList<>();
    for (ScriptedAgent.Step s : run.steps()) {
      if (s.outcome().status() == ToolCallOutcome.Status.REFUSED) {
        out.add(s.call().function());
      }
    }
    return out;
  }
}
