package io.ape.bench;

import io.ape.api.GuardedCallResult;
import io.ape.api.ProposedCall;
import io.ape.api.RiskLevel;
import io.ape.engine.ApeEngine;
import io.ape.mcp.gateway.CallGuard;
import io.ape.mcp.gateway.EngineCallGuard;
import io.ape.mcp.gateway.GuardedTool;
import io.ape.mcp.gateway.SessionRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The part of a gateway {@code tools/call} that is APE's, in one process: the gateway's guard
 * ({@link EngineCallGuard}, the engine's guarded call) with the tool registered as the gateway
 * registers it and a result shaped like the MCP {@code CallToolResult} the gateway forwards (the
 * engine records it in the session's tracker), the arguments labelled by that tracker, the audit
 * in memory only. {@link GatewayBenchmark} measures the whole round trip through processes; the
 * difference is transport: JSON, pipes, thread hand-offs and the second process hop.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GatewayGuardBenchmark {
  static final Map<String, Object> ARGS = Map.of("text", "hello through the gateway");
  static final int SESSION_CALLS = 50_000;

  Path dir;
  EngineCallGuard guard;
  CallGuard.Session session;
  int calls;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ape-gateway-guard-bench");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), GatewayBenchmark.POLICY, StandardCharsets.UTF_8);
    guard = new EngineCallGuard(ApeEngine.builder().policyFile(policy)
        .sessions(s -> s.maxActionsPerSession(SESSION_CALLS + 1)).build());
    guard.registerAll(List.of(new GuardedTool("echo.echo", "echo.echo",
        p -> Map.of("content", List.of(Map.of("type", "text", "text", p.get("text")))),
        RiskLevel.MINIMAL, Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))),
        "echo")));
    session = open();
  }

  private CallGuard.Session open() {
    return guard.openSession(new SessionRequest("bench", "default", Duration.ofHours(1), null, Map.of()));
  }

  @TearDown
  public void tearDown() {
    guard.close();
    try {
      Files.deleteIfExists(dir.resolve("policy.yaml"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One guarded call as the gateway makes it; throws if it did not run. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public GuardedCallResult guardedCall() {
    if (++calls == SESSION_CALLS) {
      session.close();
      session = open();
      calls = 0;
    }
    GuardedCallResult r = guard.call(ProposedCall.of("default", session.id(), "echo.echo", "echo.echo", ARGS));
    if (!r.executed()) {
      throw new IllegalStateException("the call did not run: " + r.error());
    }
    return r;
  }
}
