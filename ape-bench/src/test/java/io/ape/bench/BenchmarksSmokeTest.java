package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.core.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Proves that the benchmarks still run and still measure what they claim: each benchmark
 * method is called directly after its setup and its result checked, and the JMH runner runs
 * every benchmark once, in-process, for a few milliseconds (in AverageTime mode, whatever the
 * benchmark's own mode). No timing is asserted.
 */
class BenchmarksSmokeTest {

  @Test
  void everyEvaluationPathGetsItsExpectedDecisionOnSmallAndLargePolicies() {
    // 1 000 rather than the benchmarks' 10 000 actions keeps the test fast; the generator is
    // the same for every size.
    for (int actions : new int[] {10, 1_000}) {
      Policy policy = PolicyFixtures.parse(PolicyFixtures.evaluationPolicy(actions), "n.yaml");
      try (PolicyEngine engine = PolicyEngine.of(policy)) {
        int named = engine.allowedActions().size() + engine.forbiddenActions().size()
            + engine.ruleActions().size();
        assertThat(named).as("actions named by the policy")
            .isEqualTo(actions + PolicyFixtures.OPERATOR_ACTIONS);
        assertThat(engine.warnings()).isEmpty();
        for (EvaluationPath path : EvaluationPath.values()) {
          EvaluateBenchmark bench = new EvaluateBenchmark();
          bench.actions = actions;
          bench.path = path;
          bench.prepare(engine);
          Decision direct = bench.evaluate();
          Decision built = bench.evaluateBuildingRequest();
          String what = path + " on " + actions + " actions: " + direct;
          assertThat(direct.outcome()).as(what).isEqualTo(path.expectedOutcome());
          assertThat(direct.source()).as(what).isEqualTo(path.expectedSource());
          assertThat(direct.matchedRule()).as(what).isEqualTo(path.expectedRule(actions));
          assertThat(direct.actionId()).as(what).isEqualTo(path.actionId(actions));
          assertThat(built).as(what).isEqualTo(direct);
        }
      }
    }
  }

  @Test
  void theLoadBenchmarksParseAndCompileEveryRule() {
    PolicyLoadBenchmark bench = new PolicyLoadBenchmark();
    bench.rules = 2_000;
    bench.setUp();
    Policy parsed = bench.parse();
    assertThat(parsed.rules()).hasSize(2_000);
    try (PolicyEngine compiled = bench.compile(); PolicyEngine loaded = bench.parseAndCompile()) {
      for (PolicyEngine engine : List.of(compiled, loaded)) {
        assertThat(engine.ruleActions()).hasSize(2_000);
        assertThat(engine.evaluate("tool_0", Map.of("path", "/srv/tenant0/a")).outcome())
            .isEqualTo(Outcome.ALLOW);
        assertThat(engine.evaluate("tool_2", Map.of("url", "https://x.corp2.example/")).outcome())
            .isEqualTo(Outcome.ALLOW);
        assertThat(engine.evaluate("tool_3", Map.of("format", "v3")).outcome())
            .isEqualTo(Outcome.ALLOW);
        assertThat(engine.evaluate("tool_4", Map.of("name", "report-4-17.csv")).outcome())
            .isEqualTo(Outcome.DENY);
        assertThat(engine.evaluate("tool_1999", Map.of("name", "report-1999-1.csv")).matchedRule())
            .isEqualTo("tool_1999");
        assertThat(engine.evaluate("tool_1", Map.of("path", "/srv/tenant1/../etc")).outcome())
            .isEqualTo(Outcome.DENY);
      }
    }
  }

  @Test
  void theOrchestratorBenchmarkRunsTheSeedsPromptToCompletion() {
    OrchestratorBenchmark bench = new OrchestratorBenchmark();
    bench.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        io.ape.core.orchestrator.OrchestrationResult result = bench.execute();
        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.results()).containsExactly("{\"debug\": false}");
      }
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void theEngineCallBenchmarkExecutesEveryCallAcrossSessionRenewals() {
    GuardedCallBenchmark.SharedEngine shared = new GuardedCallBenchmark.SharedEngine();
    shared.start();
    GuardedCallBenchmark.EngineCall state = new GuardedCallBenchmark.EngineCall();
    state.start(shared);
    try {
      for (int i = 0; i < GuardedCallBenchmark.EngineCall.SESSION_CALLS + 10; i++) {
        assertThat(state.call().value().value()).isEqualTo("/workspace/notes.txt");
      }
    } finally {
      state.stop();
      shared.stop();
    }
  }

  @Test
  void theBaselineFindsThePrefixAndMatches() {
    BaselineBenchmark bench = new BaselineBenchmark();
    bench.setUp();
    assertThat(bench.hashLookupAndStartsWith()).isTrue();
  }

  @Test
  void theJmhRunnerRunsEveryPolicyBenchmarkOnce() throws RunnerException {
    int paths = EvaluationPath.values().length;
    // evaluate and evaluateBuildingRequest for each path, the baseline, three load benchmarks.
    runEachOnce(new OptionsBuilder()
        .include("io\\.ape\\.bench\\.(Evaluate|Baseline|PolicyLoad)Benchmark\\..*")
        .param("actions", "10")
        .param("rules", "1000"), paths * 2 + 1 + 3);
  }

  @Test
  void theJmhRunnerRunsEveryGuardedCallAndTokenBenchmarkOnce() throws RunnerException {
    // GuardedCall: engineCallLatency, engineCallThroughput1Thread, engineCallThroughput2Threads,
    // latency1Thread, throughput1Thread, throughput2Threads; TokenLifecycle: issue, consume.
    runEachOnce(new OptionsBuilder()
        .include("io\\.ape\\.bench\\.(GuardedCall|TokenLifecycle)Benchmark\\..*"), 8);
  }

  /**
   * Runs every benchmark {@code selection} includes once, in-process, for a few milliseconds in
   * AverageTime mode, and checks that there are {@code expected} results, each a positive score.
   */
  private static void runEachOnce(ChainedOptionsBuilder selection, int expected)
      throws RunnerException {
    Options options = selection
        .mode(Mode.AverageTime)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(10))
        .syncIterations(false)
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<String> labels = new ArrayList<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark() + " " + r.getParams().getMode();
      labels.add(label);
      assertThat(r.getPrimaryResult().getScore()).as(label).isPositive().isFinite();
    }
    assertThat(results).as(String.join("\n", labels)).hasSize(expected);
  }
}
