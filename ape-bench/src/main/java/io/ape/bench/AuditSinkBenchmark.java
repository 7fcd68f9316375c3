package io.ape.bench;

import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.audit.Durability;
import io.ape.audit.JsonlAuditSink;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Guarded calls per second with the JSON-lines audit sink: one operation is one guarded call
 * of an approved plan step (issue a token for the next step, then {@link EnforcementGate}
 * verifies and consumes it, records the start, runs a trivial tool and records the end), every
 * event going through the core {@link AuditLog} into a {@link JsonlAuditSink}. Each thread has
 * its own run (session) with a plan of {@value #STEPS} steps; when a plan is used up the thread
 * starts a new run (intent, plan, approval: part of the measured cost, once per
 * {@value #STEPS} calls). All threads share one sink, as an engine does.
 *
 * <p>Parameters: {@code mode} = {@code group-commit-all} (every caller waits for its batch to be
 * forced), {@code group-commit-started} (callers wait only for TOOL_EXECUTION_STARTED; the
 * other records are written at once and forced with the next waited-for one) or
 * {@code per-record} (one write and fsync per record); {@code disk} = {@code target} (the real
 * disk, under {@code ape.bench.dir}, default {@code target/ape-audit-bench}) or {@code shm}
 * ({@code /dev/shm}, a RAM file system: fsync costs nothing there, for reference).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditSinkBenchmark {
  /** Steps per plan (one run serves this many guarded calls). */
  static final int STEPS = 1_000;

  private static final String POLICY = """
      name: bench
      version: "1"
      default_deny: true
      allowed_actions: [read_file]
      audit:
        redact: [password]
      """;

  /** The engine's shared parts: policy, audit log with its sink, tools. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"group-commit-all", "group-commit-started", "per-record"})
    public String mode;

    @Param({"target", "shm"})
    public String disk;

    PolicyEngine policy;
    JsonlAuditSink sink;
    AuditLog audit;
    ToolRegistry tools;
    Path dir;
    /** Steps per plan; the smoke test uses fewer. */
    int steps = STEPS;
    /** Where the {@code target} logs go, if not {@code ape.bench.dir}; for the smoke test. */
    Path baseOverride;
    final AtomicInteger sessions = new AtomicInteger();

    /** Creates a fresh log directory, the sink and the engine. */
    @Setup(Level.Trial)
    public void open() throws IOException {
      Path base = "shm".equals(disk) ? Paths.get("/dev/shm")
          : baseOverride != null ? baseOverride
          : Paths.get(System.getProperty("ape.bench.dir", "target/ape-audit-bench"));
      Files.createDirectories(base);
      dir = Files.createTempDirectory(base.toAbsolutePath(), "audit-");
      Path policyFile = Files.writeString(dir.resolve("bench.yaml"), POLICY);
      policy = PolicyEngine.fromFile(policyFile);
      JsonlAuditSink.Builder b = JsonlAuditSink.builder(dir.resolve("audit.jsonl"));
      switch (mode) {
        case "per-record":
          b.durability(Durability.PER_RECORD);
          break;
        case "group-commit-started":
          b.durability(Durability.GROUP_COMMIT)
              .waitFor(EnumSet.of(AuditEventType.TOOL_EXECUTION_STARTED));
          break;
        case "group-commit-all":
          b.durability(Durability.GROUP_COMMIT);
          break;
        default:
          throw new IllegalArgumentException("unknown mode " + mode);
      }
      sink = b.build();
      audit = AuditLog.builder().sink(sink).redaction(policy.policy().audit()).build();
      tools = new ToolRegistry();
      tools.register("read_file", p -> "data", false);
    }

    /** Closes the log and deletes its files (they are large after a run). */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      audit.close();
      policy.close();
      try (Stream<Path> files = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
        for (Path p : all) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One thread's run: an approved plan of {@link #STEPS} read_file steps. */
  @State(Scope.Thread)
  public static class Session {
    AuthorityManager authority;
    EnforcementGate gate;
    int next;

    /** Starts the first run. */
    @Setup(Level.Trial)
    public void start(Engine engine) {
      newRun(engine);
    }

    void newRun(Engine e) {
      String tenant = "t";
      RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(tenant)
          .session("s-" + e.sessions.incrementAndGet()).audit(e.audit).build();
      IntentManager intents = new IntentManager(runtime);
      PlanManager plans = new PlanManager(intents, e.policy);
      authority = AuthorityManager.builder(runtime, plans, e.policy).build();
      gate = new EnforcementGate(authority, e.tools);
      intents.set(new Intent(tenant, List.of("read_file"), List.of(), List.of(), "bench", "",
          Map.of()), Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      List<PlanStep> steps = new ArrayList<>(e.steps);
      for (int i = 0; i < e.steps; i++) {
        steps.add(PlanStep.of("read_file", Map.of("path", "/data/file-" + i + ".txt",
            "password", "not-in-the-log")));
      }
      plans.submit(new Plan(tenant, steps, "", Map.of()), Provenance.USER_TRUSTED);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
      next = 0;
    }

    /** One guarded call of the next step (a new run when the plan is used up). */
    Object call(Engine engine) {
      if (next == engine.steps) {
        newRun(engine);
      }
      Action action = authority.actionForStep(next);
      AuthorityToken token = authority.issue(action);
      Object result = gate.execute(token, action).value();
      next++;
      return result;
    }
  }

  /** Guarded calls per second, one thread. */
  @Benchmark
  @Threads(1)
  public Object guardedCall1Thread(Engine engine, Session session) {
    return session.call(engine);
  }

  /** Guarded calls per second, two threads sharing the sink. */
  @Benchmark
  @Threads(2)
  public Object guardedCall2Threads(Engine engine, Session session) {
    return session.call(engine);
  }

  /**
   * Guarded calls per second, 64 threads (64 concurrent agent runs) sharing the sink: enough
   * callers waiting at once for group commit to batch many records per fsync.
   */
  @Benchmark
  @Threads(64)
  public Object guardedCall64Threads(Engine engine, Session session) {
    return session.call(engine);
  }
}
