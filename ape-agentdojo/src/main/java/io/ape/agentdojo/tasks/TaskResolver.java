package io.ape.agentdojo.tasks;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.CombinedPart;
import io.ape.agentdojo.data.ExprArg;
import io.ape.agentdojo.data.GroundTruthCall;
import io.ape.agentdojo.data.SuiteData;
import io.ape.agentdojo.data.TaskDefinition;
import io.ape.agentdojo.data.TaskKind;
import io.ape.agentdojo.env.TaskEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a suite's task definitions of one benchmark version to their Java translations. A
 * definition without a translation, or whose fingerprint differs from the translation's, makes
 * the resolution fail with every such task listed: the harness never scores a task with code
 * written for other Python.
 *
 * <p>A combined task is built from its components' translations (the definitions it captured)
 * as {@code TaskCombinator} builds it: ground truth = the components' ground truths in order
 * (checked against the data's), utility = {@code c1.utility(strict=False) and
 * c2.utility(strict=True)}, utility from traces = both or neither.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public final class TaskResolver<E extends TaskEnvironment> {
  private final SuiteData data;
  private final TranslationRegistry<E> registry;

  /** A resolver of {@code data}'s tasks against {@code registry}. */
  public TaskResolver(SuiteData data, TranslationRegistry<E> registry) {
    this.data = data;
    this.registry = registry;
  }

  /** The user tasks of {@code version}, in order. */
  public List<UserTask<E>> userTasks(String version) {
    List<UserTask<E>> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TaskDefinition d : data.userTasks(version)) {
      try {
        out.add(user(d));
      } catch (AgentDojoException e) {
        problems.add(e.getMessage());
      }
    }
    failIfAny(problems, version);
    return out;
  }

  /** The injection tasks of {@code version}, in order. */
  public List<InjectionTask<E>> injectionTasks(String version) {
    List<InjectionTask<E>> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TaskDefinition d : data.injectionTasks(version)) {
      try {
        out.add(injection(d));
      } catch (AgentDojoException e) {
        problems.add(e.getMessage());
      }
    }
    failIfAny(problems, version);
    return out;
  }

  private void failIfAny(List<String> problems, String version) {
    if (!problems.isEmpty()) {
      throw new AgentDojoException(
          "suite " + data.name() + " " + version + ": " + problems.size()
              + " task(s) cannot be scored:\n  " + String.join("\n  ", problems));
    }
  }

  /** The user task of one definition. */
  public UserTask<E> user(TaskDefinition d) {
    if (d.combined()) {
      return combined(d);
    }
    Translation<E> t = translation(d);
    return new Translated(d, t);
  }

  /** The injection task of one definition. */
  public InjectionTask<E> injection(TaskDefinition d) {
    Translation<E> t = translation(d);
    return new TranslatedInjection(d, t);
  }

  private Translation<E> translation(TaskDefinition d) {
    Translation<E> t =
        registry
            .find(d.kind(), d.id(), d.folder())
            .orElseThrow(() -> new AgentDojoException("no Java translation of " + d.label()));
    Map<String, List<String>> wheres = new LinkedHashMap<>();
    for (GroundTruthCall c : d.groundTruth()) {
      for (Object a : c.args().values()) {
        if (a instanceof ExprArg e) {
          List<String> previous = wheres.putIfAbsent(e.expr(), e.where());
          if (previous != null && !previous.equals(e.where())) {
            throw new AgentDojoException(
                d.label() + ": the expression '" + e.expr() + "' has two different definitions");
          }
          if (!t.exprs().containsKey(e.expr())) {
            throw new AgentDojoException(d.label() + ": no translation of the expression '" + e.expr() + "'");
          }
        }
      }
    }
    String actual = Fingerprint.of(d);
    if (!actual.equals(t.fingerprint())) {
      throw new AgentDojoException(
          d.label() + ": the data's Python (fingerprint " + actual
              + ") is not the one translated (fingerprint " + t.fingerprint() + ")");
    }
    return t;
  }

  private UserTask<E> combined(TaskDefinition d) {
    if (d.combinedOf().size() != 2) {
      throw new AgentDojoException(d.label() + ": a combined task has two components");
    }
    CombinedPart p1 = d.combinedOf().get(0);
    CombinedPart p2 = d.combinedOf().get(1);
    if (p1.utilityStrict() || !p2.utilityStrict()) {
      throw new AgentDojoException(d.label() + ": unexpected utility rule " + d.sources().get("utility_rule"));
    }
    UserTask<E> c1 = user(data.userTask(p1.id()).definition(p1.definition()));
    UserTask<E> c2 = user(data.userTask(p2.id()).definition(p2.definition()));
    List<GroundTruthCall> expected = new ArrayList<>(c1.definition().groundTruth());
    expected.addAll(c2.definition().groundTruth());
    if (!expected.equals(d.groundTruth())) {
      throw new AgentDojoException(
          d.label() + ": ground truth is not the concatenation of its components' ground truths");
    }
    return new Combined(d, c1, c2);
  }

  private List<FunctionCall> evaluate(TaskDefinition d, Translation<E> t, E pre) {
    if (d.groundTruth().isEmpty() && t.suppliedGroundTruth() != null) {
      return List.copyOf(t.suppliedGroundTruth().calls(pre));
    }
    List<FunctionCall> out = new ArrayList<>();
    for (GroundTruthCall c : d.groundTruth()) {
      Map<String, Object> args = new LinkedHashMap<>();
      for (Map.Entry<String, Object> a : c.args().entrySet()) {
        if (a.getValue() instanceof ExprArg e) {
          Checks.Expr<E> expr = t.exprs().get(e.expr());
          if (expr == null) {
            throw new AgentDojoException(d.label() + ": no translation of the expression '" + e.expr() + "'");
          }
          args.put(a.getKey(), expr.eval(pre));
        } else {
          args.put(a.getKey(), deepCopy(a.getValue()));
        }
      }
      out.add(new FunctionCall(c.function(), args));
    }
    return out;
  }

  private static Object deepCopy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), deepCopy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(deepCopy(x)));
      return out;
    }
    return v;
  }

  private final class Translated implements UserTask<E> {
    private final TaskDefinition d;
    private final Translation<E> t;

    Translated(TaskDefinition d, Translation<E> t) {
      this.d = d;
      this.t = t;
    }

    @Override
    public String id() {
      return d.id();
    }

    @Override
    public TaskDefinition definition() {
      return d;
    }

    @Override
    public String groundTruthOutput() {
      return d.groundTruthOutput();
    }

    @Override
    public List<FunctionCall> groundTruth(E pre) {
      return evaluate(d, t, pre);
    }

    @Override
    public boolean utility(String modelOutput, E pre, E post, boolean strict) {
      if (t.utility() == null) {
        throw new UnsupportedOperationException(d.label() + ": utility raises NotImplementedError");
      }
      return t.utility().check(modelOutput, pre, post, strict);
    }

    @Override
    public Boolean utilityFromTraces(String modelOutput, E pre, E post, List<FunctionCall> traces) {
      return t.utilityFromTraces() == null ? null : t.utilityFromTraces().check(modelOutput, pre, post, traces);
    }
  }

  private final class Combined implements UserTask<E> {
    private final TaskDefinition d;
    private final UserTask<E> c1;
    private final UserTask<E> c2;

    Combined(TaskDefinition d, UserTask<E> c1, UserTask<E> c2) {
      this.d = d;
      this.c1 = c1;
      this.c2 = c2;
    }

    @Override
    public String id() {
      return d.id();
    }

    @Override
    public TaskDefinition definition() {
      return d;
    }

    @Override
    public String groundTruthOutput() {
      return d.groundTruthOutput();
    }

    @Override
    public List<FunctionCall> groundTruth(E pre) {
      List<FunctionCall> out = new ArrayList<>(c1.groundTruth(pre));
      out.addAll(c2.groundTruth(pre));
      return out;
    }

    @Override
    public boolean utility(String modelOutput, E pre, E post, boolean strict) {
      return c1.utility(modelOutput, pre, post, false) && c2.utility(modelOutput, pre, post, true);
    }

    @Override
    public Boolean utilityFromTraces(String modelOutput, E pre, E post, List<FunctionCall> traces) {
      Boolean u1 = c1.utilityFromTraces(modelOutput, pre, post, traces);
      Boolean u2 = c2.utilityFromTraces(modelOutput, pre, post, traces);
      if (u1 == null && u2 == null) {
        return null;
      }
      if (u1 == null || u2 == null) {
        throw new AgentDojoException(
            "The tasks of the combined tasks " + c1.id() + " and " + c2.id()
                + " have inconsistent utility_from_traces implementations.");
      }
      return u1 && u2;
    }
  }

  private final class TranslatedInjection implements InjectionTask<E> {
    private final TaskDefinition d;
    private final Translation<E> t;

    TranslatedInjection(TaskDefinition d, Translation<E> t) {
      this.d = d;
      this.t = t;
    }

    @Override
    public String id() {
      return d.id();
    }

    @Override
    public String goal() {
      return d.text();
    }

    @Override
    public String groundTruthOutput() {
      return d.groundTruthOutput();
    }

    @Override
    public List<FunctionCall> groundTruth(E pre) {
      return evaluate(d, t, pre);
    }

    @Override
    public boolean security(String modelOutput, E pre, E post, RunTrace trace) {
      if (t.securityFromTraces() != null) {
        return t.securityFromTraces().check(modelOutput, pre, post, trace.reached());
      }
      return t.security().check(modelOutput, pre, post);
    }

    @Override
    public String note() {
      return t.note();
    }
  }

  static TaskKind kind(TaskDefinition d) {
    return d.kind();
  }
}
