package io.ape.bench;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.RequestContext;
import io.ape.core.policy.PolicyEngine;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code PolicyEngine.evaluate} on a generated policy of {@code actions} actions (10 or
 * 10 000, see {@link PolicyFixtures#actionsPolicy(int)}, plus one rule for each operator of the
 * second edition, {@link PolicyFixtures#operatorRules(int)}), through each
 * {@link EvaluationPath}. Run with {@code -prof gc} to see the bytes allocated per decision
 * ({@code gc.alloc.rate.norm}): a DENY allocates the decision only.
 *
 * <p>{@link #evaluate()} decides a prepared {@link ActionRequest} (the engine's own cost: the
 * DESIGN §10 target, median at most 100 ns); {@link #evaluateBuildingRequest()} uses the
 * convenience overload, which also validates and deep-copies the parameter map into a new
 * request. Both run in SampleTime (the median is the {@code p0.50} line; single timings
 * include the timer's own cost of some tens of nanoseconds) and AverageTime.
 *
 * <p>The engine is thread-safe and shared ({@link Scope#Benchmark}); the request is immutable.
 * Every benchmark method returns its decision, so the JIT cannot drop the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EvaluateBenchmark {
  /** The number of actions the policy names. */
  @Param({"10", "10000"})
  public int actions;

  /** The way through the evaluation order. */
  @Param({"ALLOWED_LIST", "FORBIDDEN_LIST", "UNLISTED_DEFAULT", "PREFIX_ALLOW", "PREFIX_NO_MATCH",
      "PATH_WITHIN_ALLOW", "PATH_WITHIN_DENY_RULE", "PATH_WITHIN_NO_MATCH", "DOMAIN_IN_ALLOW",
      "DOMAIN_IN_NO_MATCH", "EMAIL_DOMAIN_IN_ALLOW", "EACH_ALLOW", "ANY_ALLOW", "COUNT_ALLOW",
      "PRESENT_ALLOW", "ABSENT_ALLOW", "PROVENANCE_ALLOW", "CLOSED_ALLOW", "CONTEXT_VALUE_ALLOW",
      "EACH_NO_MATCH"})
  public EvaluationPath path;

  private PolicyEngine engine;
  private ActionRequest request;
  private String actionId;
  private Map<String, Object> parameters;
  private RequestContext context;

  /** Parses and compiles the policy, and prepares the request. */
  @Setup(Level.Trial)
  public void setUp() {
    prepare(PolicyEngine.of(PolicyFixtures.parse(PolicyFixtures.evaluationPolicy(actions),
        "bench-" + actions + "-actions.yaml")));
  }

  /** Uses {@code policyEngine} (built from {@code evaluationPolicy(actions)}) and prepares the request. */
  void prepare(PolicyEngine policyEngine) {
    engine = policyEngine;
    actionId = path.actionId(actions);
    parameters = path.parameters(actions);
    context = path.context();
    request = ActionRequest.of(actionId, parameters, context);
  }

  /** Releases the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** Decides the prepared request. */
  @Benchmark
  public Decision evaluate() {
    return engine.evaluate(request);
  }

  /** Decides the action and parameters through {@code evaluate(String, Map)}. */
  @Benchmark
  public Decision evaluateBuildingRequest() {
    return engine.evaluate(actionId, parameters, context);
  }
}
