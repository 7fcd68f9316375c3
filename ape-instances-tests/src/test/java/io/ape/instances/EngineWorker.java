package io.ape.instances;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.CallStatus;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskBudgetExceededException;
import io.ape.api.SessionException;
import io.ape.api.StateUnavailableException;
import io.ape.api.TokenRevokedException;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.spi.AuditSink;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One engine instance in a JVM of its own, driven by {@link ThreeEnginesOneRedisTest} over
 * standard input and output (logging goes to standard error).
 *
 * <p>It prints {@code STARTED}, then runs scenarios one after the other. A scenario line is
 * {@code <scenario> key=value ...} (always {@code policy}, {@code uri}, {@code prefix}); the
 * worker builds an engine with {@code ape.state=redis} for it, opens its sessions, prints
 * {@code READY [key=value]} and then answers {@code GO [args]} lines (each runs a phase with
 * {@value #THREADS} threads and ends with {@code RESULT name value} lines and {@code OK}) until
 * {@code END}, which closes the engine and prints {@code DONE}. {@code EXIT} ends the JVM. A
 * failure prints {@code ERROR <message>}. Times are {@link System#nanoTime()} readings, which
 * on Linux (CLOCK_MONOTONIC) are comparable between the JVMs of one machine.
 */
public final class EngineWorker {
  static final int THREADS = 16;
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

  private final BufferedReader in;
  private final PrintStream out;

  private EngineWorker(BufferedReader in, PrintStream out) {
    this.in = in;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    EngineWorker worker = new EngineWorker(in, out);
    out.println("STARTED");
    String line;
    while ((line = in.readLine()) != null && !line.equals("EXIT")) {
      try {
        worker.scenario(arguments(line));
      } catch (Throwable t) {
        out.println("ERROR " + t.toString().replace('\n', ' '));
        t.printStackTrace();
      }
    }
    out.flush();
    System.exit(0);
  }

  /** {@code name key=value ...} as a map; the name under {@code ""}. */
  static Map<String, String> arguments(String line) {
    String[] parts = line.trim().split(" ");
    Map<String, String> a = new HashMap<>();
    a.put("", parts[0]);
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      a.put(eq < 0 ? parts[i] : parts[i].substring(0, eq), eq < 0 ? "" : parts[i].substring(eq + 1));
    }
    return a;
  }

  private void scenario(Map<String, String> a) throws Exception {
    Scenario s = switch (a.get("")) {
      case "limits" -> new Limits();
      case "budget" -> new Budget();
      case "revocation" -> new Revocation();
      case "approval" -> new Approval();
      case "outage" -> new Outage();
      default -> throw new IllegalArgumentException("unknown scenario " + a.get(""));
    };
    s.args = a;
    ApeEngine.Builder builder = ApeEngine.builder().policyFile(Path.of(a.get("policy")))
        .configuration(Map.of("ape.state", "redis", "ape.redis.uri", a.get("uri"),
            "ape.redis.prefix", a.get("prefix"),
            "ape.redis.timeout", a.getOrDefault("timeout", "5s")));
    s.configure(builder);
    try (ApeEngine engine = builder.build()) {
      s.engine = engine;
      out.println("READY" + s.setUp());
      String line;
      while ((line = in.readLine()) != null && !line.equals("END")) {
        Map<String, String> go = arguments(line);
        if (!go.get("").equals("GO")) {
          throw new IllegalStateException("expected GO or END, got " + line);
        }
        s.phase(go);
        out.println("OK");
      }
    }
    out.println("DONE");
  }

  private void result(String name, Object value) {
    out.println("RESULT " + name + " " + value);
  }

  /** Runs {@code work(thread index)} on {@value #THREADS} threads and waits for all of them. */
  private static void onThreads(Consumer<Integer> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < THREADS; t++) {
        int index = t;
        futures.add(pool.submit(() -> {
          start.await();
          work.accept(index);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a call's error was, for a result line. */
  private static String describe(GuardedCallResult r) {
    return r.status() + ":" + (r.error() == null ? "" : r.error().getClass().getSimpleName()
        + ":" + r.error().getMessage()).replace('\n', ' ');
  }

  /** One scenario: the engine it needs, its sessions, its phases. */
  private abstract class Scenario {
    Map<String, String> args;
    ApeEngine engine;
    final List<AgentSession> sessions = new ArrayList<>();

    void configure(ApeEngine.Builder builder) {}

    /** Opens sessions; returns what READY carries (" key=value", or ""). */
    String setUp() {
      for (int t = 0; t < THREADS; t++) {
        sessions.add(engine.openSession(SessionOptions.forUser("user-" + t)));
      }
      return "";
    }

    abstract void phase(Map<String, String> go) throws Exception;
  }

  /** A window of N: 16 threads, each in its own session, make {@code calls} calls each. */
  private final class Limits extends Scenario {
    final AtomicInteger toolRuns = new AtomicInteger();

    @Override
    String setUp() {
      engine.registerTool("write_file", p -> toolRuns.incrementAndGet());
      return super.setUp();
    }

    @Override
    void phase(Map<String, String> go) throws Exception {
      int calls = Integer.parseInt(go.getOrDefault("calls", "5"));
      AtomicInteger executed = new AtomicInteger();
      AtomicInteger limited = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      AtomicReference<String> sample = new AtomicReference<>("");
      onThreads(t -> {
        for (int i = 0; i < calls; i++) {
          GuardedCallResult r = sessions.get(t).call("write_file",
              Map.of("path", "/w/" + t + "-" + i, "content", "x"));
          if (r.executed()) {
            executed.incrementAndGet();
          } else if (r.status() == CallStatus.RATE_LIMITED
              && r.error() instanceof RateLimitExceededException) {
            limited.incrementAndGet();
          } else {
            other.incrementAndGet();
            sample.compareAndSet("", describe(r));
          }
        }
      });
      result("toolRuns", toolRuns.get());
      result("executed", executed.get());
      result("rateLimited", limited.get());
      result("other", other.get());
      result("otherSample", sample.get());
    }
  }

  /** One session, opened here or on another instance (session=ID), shared by 16 threads. */
  private abstract class OneSession extends Scenario {
    AgentSession session;

    @Override
    String setUp() {
      String id = args.get("session");
      if (id == null) {
        session = engine.openSession(SessionOptions.forUser("alice"));
        return " session=" + session.id();
      }
      session = engine.findSession(engine.tenant(), id).orElseThrow(() ->
          new IllegalStateException("the session opened on another instance is not found here"));
      return "";
    }
  }

  /** A session's risk budget, spent from 16 threads on every instance. */
  private final class Budget extends OneSession {
    final AtomicInteger toolRuns = new AtomicInteger();

    @Override
    String setUp() {
      engine.registerTool("write_file", p -> toolRuns.incrementAndGet());
      return super.setUp();
    }

    @Override
    void phase(Map<String, String> go) throws Exception {
      int calls = Integer.parseInt(go.getOrDefault("calls", "3"));
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      AtomicReference<String> sample = new AtomicReference<>("");
      onThreads(t -> {
        for (int i = 0; i < calls; i++) {
          GuardedCallResult r = session.call("write_file",
              Map.of("path", "/w/" + t + "-" + i, "content", "x"));
          if (r.executed()) {
            continue;
          }
          if (r.status() == CallStatus.RATE_LIMITED
              && r.error() instanceof RiskBudgetExceededException) {
            refused.incrementAndGet();
          } else {
            other.incrementAndGet();
            sample.compareAndSet("", describe(r));
          }
        }
      });
      result("toolRuns", toolRuns.get());
      result("budgetRefused", refused.get());
      result("other", other.get());
      result("otherSample", sample.get());
      if (!args.containsKey("session")) {
        result("cumulativeRisk", engine.sessions().get(session.id(), session.tenantId())
            .cumulativeRisk());
      }
    }
  }

  /**
   * 16 threads call in one session until it is refused; with {@code revoker} in GO, this
   * instance revokes the session once it ran {@code after} calls.
   */
  private final class Revocation extends OneSession {
    final ThreadLocal<long[]> toolStart = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    String setUp() {
      engine.registerTool("read_file", p -> {
        toolStart.get()[0] = System.nanoTime();
        return "contents";
      });
      return super.setUp();
    }

    @Override
    void phase(Map<String, String> go) throws Exception {
      boolean revoker = go.containsKey("revoker");
      CountDownLatch enough = new CountDownLatch(Integer.parseInt(go.getOrDefault("after",
          "100")));
      AtomicLong revokeStart = new AtomicLong();
      AtomicLong revokeEnd = new AtomicLong();
      AtomicInteger executed = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger revokedAtGate = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      AtomicReference<String> sample = new AtomicReference<>("");
      AtomicLong firstRefusalEnd = new AtomicLong(Long.MAX_VALUE);
      ConcurrentLinkedQueue<String> runs = new ConcurrentLinkedQueue<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Thread revokerThread = null;
      if (revoker) {
        revokerThread = new Thread(() -> {
          try {
            if (enough.await(30, TimeUnit.SECONDS)) {
              revokeStart.set(System.nanoTime());
              engine.sessions().revoke(session.id(), session.tenantId());
              revokeEnd.set(System.nanoTime());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        revokerThread.start();
      }
      onThreads(t -> {
        int refusals = 0;
        while (refusals < 3 && System.nanoTime() < deadline) {
          long start = System.nanoTime();
          GuardedCallResult r = session.call("read_file", Map.of("path", "/w/" + t));
          long end = System.nanoTime();
          if (r.executed()) {
            executed.incrementAndGet();
            enough.countDown();
            runs.add(start + ":" + toolStart.get()[0]);
            if (runs.size() > 2_000) {
              runs.poll();
            }
          } else if (r.status() == CallStatus.INVALID && r.error() instanceof SessionException) {
            refusals++;
            refused.incrementAndGet();
            firstRefusalEnd.accumulateAndGet(end, Math::min);
          } else if (r.error() instanceof TokenRevokedException) {
            // under way when the session was revoked: its token's epoch is stale at the gate
            revokedAtGate.incrementAndGet();
            firstRefusalEnd.accumulateAndGet(end, Math::min);
          } else {
            other.incrementAndGet();
            sample.compareAndSet("", describe(r));
          }
        }
      });
      if (revokerThread != null) {
        revokerThread.join(TimeUnit.SECONDS.toMillis(30));
        result("revokeStart", revokeStart.get());
        result("revokeEnd", revokeEnd.get());
      }
      result("executed", executed.get());
      result("refused", refused.get());
      result("revokedAtGate", revokedAtGate.get());
      result("other", other.get());
      result("otherSample", sample.get());
      result("firstRefusalEnd", firstRefusalEnd.get());
      result("runs", String.join(",", runs));
    }
  }

  /**
   * Escalations: GO capture (one call, approved for its own request, whose approval is
   * printed), GO replay requestId=.. hash=.. (every thread's calls are answered with that one
   * approval), GO fresh (every request approved for itself).
   */
  private final class Approval extends Scenario {
    final AtomicInteger toolRuns = new AtomicInteger();
    final AtomicReference<Map<String, String>> mode = new AtomicReference<>(Map.of("", "fresh"));
    final AtomicReference<EscalationRequest> captured = new AtomicReference<>();

    @Override
    void configure(ApeEngine.Builder builder) {
      builder.escalationResolver(this::resolve);
    }

    private EscalationResolution resolve(EscalationRequest request) {
      Map<String, String> m = mode.get();
      if (m.get("").equals("replay")) {
        return new EscalationResolution(true, "mallory", Provenance.USER_TRUSTED,
            m.get("hash"), "replayed approval", m.get("requestId"));
      }
      if (m.get("").equals("capture")) {
        captured.set(request);
      }
      return EscalationResolution.approve(request, "alice", Provenance.USER_TRUSTED);
    }

    @Override
    String setUp() {
      engine.registerTool("write_file", p -> toolRuns.incrementAndGet());
      return super.setUp();
    }

    @Override
    void phase(Map<String, String> go) throws Exception {
      String kind = go.get("kind");
      Map<String, String> m = new HashMap<>(go);
      m.put("", kind);
      mode.set(Map.copyOf(m));
      int before = toolRuns.get();
      AtomicInteger executed = new AtomicInteger();
      AtomicInteger denied = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      AtomicReference<String> sample = new AtomicReference<>("");
      if (kind.equals("capture")) {
        GuardedCallResult r = sessions.get(0).call("write_file",
            Map.of("path", "/w/report.txt", "content", "quarterly"));
        (r.executed() ? executed : other).incrementAndGet();
        if (!r.executed()) {
          sample.set(describe(r));
        }
        EscalationRequest request = captured.get();
        result("requestId", request == null ? "" : request.requestId());
        result("hash", request == null ? "" : request.parametersHash());
      } else {
        boolean replay = kind.equals("replay");
        int calls = Integer.parseInt(go.getOrDefault("calls", "3"));
        onThreads(t -> {
          for (int i = 0; i < calls; i++) {
            GuardedCallResult r = sessions.get(t).call("write_file", replay
                ? Map.of("path", "/w/report.txt", "content", "quarterly")
                : Map.of("path", "/w/" + t + "-" + i, "content", "x"));
            if (r.executed()) {
              executed.incrementAndGet();
            } else if (r.status() == CallStatus.ESCALATION_DENIED) {
              denied.incrementAndGet();
            } else {
              other.incrementAndGet();
              sample.compareAndSet("", describe(r));
            }
          }
        });
      }
      result("toolRuns", toolRuns.get() - before);
      result("executed", executed.get());
      result("escalationDenied", denied.get());
      result("other", other.get());
      result("otherSample", sample.get());
    }
  }

  /**
   * Redis killed mid-run: 16 threads call (write_file, limited, and read_file, alternately)
   * until STOP, while the test says which phase Redis is in ({@code PHASE down},
   * {@code PHASE restarting}, {@code PHASE up}). Every call that starts and ends while Redis is
   * down is checked: FAILED with StateUnavailableException, its tool not run, and an
   * ATTEMPT_REJECTED (DENY) record with a reason and the same correlation id in the audit.
   * PROGRESS lines report the counts every 50 ms.
   */
  private final class Outage extends Scenario {
    static final int UP = 0;
    static final int DOWN = 1;
    static final int RESTARTING = 2;
    static final int UP_AGAIN = 3;
    final AtomicInteger phase = new AtomicInteger(UP);
    final Map<String, AuditEvent> rejections = new ConcurrentHashMap<>();
    /** The phase the thread's last tool ran in, -1 if it did not run. */
    final ThreadLocal<int[]> ran = ThreadLocal.withInitial(() -> new int[] {-1});
    final AtomicInteger writeRuns = new AtomicInteger();
    final AtomicInteger readRuns = new AtomicInteger();
    final AtomicInteger toolRunsDuringOutage = new AtomicInteger();
    final AtomicInteger downCalls = new AtomicInteger();
    final AtomicInteger downViolations = new AtomicInteger();
    final AtomicReference<String> violation = new AtomicReference<>("");
    final AtomicInteger answeredAfter = new AtomicInteger();
    final AtomicInteger writeLimitedAfter = new AtomicInteger();
    final AtomicInteger failedAfter = new AtomicInteger();
    final AtomicLong upAgainAt = new AtomicLong();
    final AtomicLong firstAnsweredAfter = new AtomicLong(Long.MAX_VALUE);

    @Override
    void configure(ApeEngine.Builder builder) {
      builder.auditSink(new AuditSink() {
        @Override
        public void record(AuditEvent event) {
          String cid = event.details().get("correlation_id");
          if (event.type() == AuditEventType.ATTEMPT_REJECTED && cid != null) {
            rejections.put(cid, event);
          }
        }
      });
    }

    @Override
    String setUp() {
      engine.registerTool("write_file", p -> {
        ran.get()[0] = phase.get();
        return writeRuns.incrementAndGet();
      });
      engine.registerTool("read_file", p -> {
        ran.get()[0] = phase.get();
        return readRuns.incrementAndGet();
      });
      return super.setUp();
    }

    @Override
    void phase(Map<String, String> go) throws Exception {
      AtomicBoolean stop = new AtomicBoolean();
      ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
      reporter.scheduleAtFixedRate(this::progress, 50, 50, TimeUnit.MILLISECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int index = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            call(sessions.get(index), i % 2 == 0 ? "write_file" : "read_file", index, i);
          }
        }));
      }
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        switch (line) {
          case "PHASE down" -> phase.set(DOWN);
          case "PHASE restarting" -> phase.set(RESTARTING);
          case "PHASE up" -> {
            upAgainAt.set(System.nanoTime());
            phase.set(UP_AGAIN);
          }
          default -> throw new IllegalStateException("unexpected " + line);
        }
      }
      stop.set(true);
      for (Future<?> f : futures) {
        f.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      pool.shutdown();
      reporter.shutdownNow();
      reporter.awaitTermination(10, TimeUnit.SECONDS);
      result("writeRuns", writeRuns.get());
      result("readRuns", readRuns.get());
      result("downCalls", downCalls.get());
      result("downViolations", downViolations.get());
      result("violation", violation.get());
      result("toolRunsDuringOutage", toolRunsDuringOutage.get());
      result("answeredAfter", answeredAfter.get());
      result("failedAfter", failedAfter.get());
      result("recoveryMicros", firstAnsweredAfter.get() == Long.MAX_VALUE ? -1
          : TimeUnit.NANOSECONDS.toMicros(firstAnsweredAfter.get() - upAgainAt.get()));
    }

    private void progress() {
      out.println("PROGRESS writeRuns=" + writeRuns.get() + " downCalls=" + downCalls.get()
          + " answeredAfter=" + answeredAfter.get() + " writeLimitedAfter="
          + writeLimitedAfter.get());
    }

    private void call(AgentSession session, String tool, int t, int i) {
      int startPhase = phase.get();
      ran.get()[0] = -1;
      GuardedCallResult r = session.call(tool, tool.equals("write_file")
          ? Map.of("path", "/w/" + t + "-" + i, "content", "x") : Map.of("path", "/w/" + t));
      long end = System.nanoTime();
      int endPhase = phase.get();
      AuditEvent audited = rejections.remove(r.correlationId());
      int toolPhase = ran.get()[0];
      boolean toolRan = toolPhase >= 0;
      if (startPhase == DOWN && toolPhase == DOWN) {
        // started after the kill, ran before the restart began: no state operation could succeed
        toolRunsDuringOutage.incrementAndGet();
      }
      if (startPhase == DOWN && endPhase == DOWN) {
        downCalls.incrementAndGet();
        String wrong = null;
        if (r.status() != CallStatus.FAILED
            || !(r.error() instanceof StateUnavailableException)) {
          wrong = "not FAILED with StateUnavailableException: " + describe(r);
        } else if (toolRan) {
          wrong = "the tool ran";
        } else if (audited == null) {
          wrong = "no ATTEMPT_REJECTED record with correlation id " + r.correlationId();
        } else if (audited.decision() != Outcome.DENY
            || !"StateUnavailableException".equals(audited.details().get("error"))
            || audited.reason().isBlank()) {
          wrong = "the ATTEMPT_REJECTED record does not say why: " + audited;
        }
        if (wrong != null) {
          downViolations.incrementAndGet();
          violation.compareAndSet("", wrong);
        }
      }
      if (startPhase == UP_AGAIN) {
        boolean answered = r.executed() || r.status() == CallStatus.RATE_LIMITED;
        if (answered) {
          answeredAfter.incrementAndGet();
          firstAnsweredAfter.accumulateAndGet(end, Math::min);
          if (tool.equals("write_file") && r.status() == CallStatus.RATE_LIMITED) {
            writeLimitedAfter.incrementAndGet();
          }
        } else {
          failedAfter.incrementAndGet();
        }
      }
    }
  }
}
