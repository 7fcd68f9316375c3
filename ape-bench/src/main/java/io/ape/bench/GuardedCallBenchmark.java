package io.ape.bench;

import io.ape.core.policy.PolicyEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The full guarded call (issue 4): evaluate with the real policy engine, issue a token, verify
 * and consume it at the gate, run a trivial tool, audit to an in-memory sink. Latency on one
 * thread (SampleTime, read the p0.50) and throughput on one and two threads (each thread drives
 * its own run; the policy engine is shared).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuardedCallBenchmark {

  /** The policy engine, shared by every thread. */
  @State(Scope.Benchmark)
  public static class SharedPolicy {
    PolicyEngine policy;

    @Setup
    public void load() {
      policy = GuardedRun.readOnlyPolicy();
    }
  }

  /** One run per thread (a run is sequential by design). */
  @State(Scope.Thread)
  public static class PerThreadRun {
    GuardedRun run;

    @Setup
    public void start(SharedPolicy shared) {
      run = new GuardedRun(shared.policy, "bench-" + Thread.currentThread().getId());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object latency1Thread(PerThreadRun state) {
    return state.run.guardedCall();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @Threads(1)
  public Object throughput1Thread(PerThreadRun state) {
    return state.run.guardedCall();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @Threads(2)
  public Object throughput2Threads(PerThreadRun state) {
    return state.run.guardedCall();
  }
}
