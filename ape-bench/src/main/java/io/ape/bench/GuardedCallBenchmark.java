package io.ape.bench;

import io.ape.api.GuardedCallResult;
import io.ape.core.policy.PolicyEngine;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The full guarded call (issue 4): evaluate with the real policy engine, issue a token, verify
 * and consume it at the gate, run a trivial tool, audit to an in-memory sink. Latency on one
 * thread (SampleTime, read the p0.50) and throughput on one and two threads (each thread drives
 * its own run; the policy engine is shared).
 *
 * <p>{@link #engineCallLatency} measures the integrator's guarded call, {@code
 * AgentSession.call} of an {@link ApeEngine} (issue 11): a one-step plan per call (intent, plan,
 * one evaluation, limits in the shared state, token, gate, tool, result into the session's
 * tracker), with only the engine's in-memory audit sink; {@code engineCallThroughput1Thread} and
 * {@code engineCallThroughput2Threads} drive one shared engine from one and two threads (a session
 * per thread).
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

  /** One engine, shared by every thread (as in an application). */
  @State(Scope.Benchmark)
  public static class SharedEngine {
    ApeEngine engine;

    @Setup
    public void start() {
      engine = ApeEngine.builder().policyFile(GuardedRun.readOnlyPolicyFile()).build();
      engine.registerTool("read_file", p -> p.get("path"));
    }

    @TearDown
    public void stop() {
      engine.close();
    }
  }

  /** One session per thread on the shared engine, renewed every {@value #SESSION_CALLS} calls. */
  @State(Scope.Thread)
  public static class EngineCall {
    static final int SESSION_CALLS = 5_000;
    ApeEngine engine;
    AgentSession session;
    int calls;
    final Map<String, Object> arguments = Map.of("path", "/workspace/notes.txt");

    @Setup
    public void start(SharedEngine shared) {
      engine = shared.engine;
      session = engine.openSession(SessionOptions.forUser("bench"));
    }

    /** One guarded call; throws if it did not execute (the benchmark measures the ALLOW path). */
    GuardedCallResult call() {
      if (++calls == SESSION_CALLS) {
        session.close();
        session = engine.openSession(SessionOptions.forUser("bench"));
        calls = 0;
      }
      GuardedCallResult r = session.call("read_file", arguments);
      if (!r.executed()) {
        throw new IllegalStateException("the benchmark call did not execute: " + r.error());
      }
      return r;
    }

    @TearDown
    public void stop() {
      session.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object engineCallLatency(EngineCall state) {
    return state.call();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @Threads(1)
  public Object engineCallThroughput1Thread(EngineCall state) {
    return state.call();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @Threads(2)
  public Object engineCallThroughput2Threads(EngineCall state) {
    return state.call();
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
