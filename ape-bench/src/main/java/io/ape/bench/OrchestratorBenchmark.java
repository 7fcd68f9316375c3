package io.ape.bench;

import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.OrchestrationResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed's one-call API on a warm engine: {@code execute("Read the file
 * /workspace/config.json")} with the bundled {@code policies/read_only.yaml}, a trivial
 * {@code read_file} tool and the orchestrator's default in-memory audit. One operation is the
 * whole orchestrated call: intent compilation, plan generation and validation, intent and plan
 * hashing and approval, rate limits, evaluation, token issue, gate and audit of every step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OrchestratorBenchmark {
  static final String PROMPT = "Read the file /workspace/config.json";

  ApeOrchestrator orchestrator;

  /** Loads the policy and registers the tool once (the engine is warm for every call). */
  @Setup
  public void setUp() {
    orchestrator = ApeOrchestrator.fromPolicy(GuardedRun.readOnlyPolicyFile());
    orchestrator.registerTool("read_file", parameters -> "{\"debug\": false}");
  }

  @TearDown
  public void tearDown() {
    orchestrator.close();
  }

  @Benchmark
  public OrchestrationResult execute() {
    return orchestrator.execute(PROMPT);
  }
}
