package io.ape.bench;

import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConfigReader;
import io.ape.mcp.UpstreamServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the MCP gateway adds to a {@code tools/call}, measured side by side in one run: the same
 * MCP client (the MCP Java SDK client over ape-mcp's stdio transport, {@link UpstreamServer}) calls
 * the same upstream server ({@link EchoMcpServer}, a separate process over stdio) directly, and
 * through {@code ape gateway} (a third process: the client starts it over stdio as a real client
 * would, and it starts the upstream), with a policy that allows the tool and a JSON-lines audit
 * log (group commit) on disk, i.e. the production path: policy, token, gate, audit of every step.
 *
 * <p>Not the SDK's own {@code StdioClientTransport}: in SDK 2.1.0 it loses messages sent by
 * several threads at once (a unicast sink's {@code tryEmitNext}), which the 16-caller runs do.
 *
 * <p>{@code latency*}: sample time (JMH reports p50, p90, p99...); the added latency is
 * {@code latencyViaGateway - latencyDirect} at each percentile. {@code throughput*}: calls per
 * second with 1 and 16 concurrent callers sharing one client connection (as one MCP client does).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class GatewayBenchmark {
  static final String POLICY = """
      name: gateway_benchmark
      version: "1"
      default_decision: deny
      allowed_actions: ["echo.echo"]
      """;
  static final Map<String, Object> ARGS = Map.of("text", "hello through the gateway");
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * The gateway's audit: {@code memory} (no {@code --audit-log}: in-memory only), {@code jsonl}
   * (a JSON-lines log on disk, calls waiting for the record of the tool's start to be forced to
   * disk: the default of {@code ape gateway --audit-log}), {@code jsonl-all} (waiting for every
   * record).
   */
  @Param({"memory", "jsonl"})
  public String audit;

  Path dir;
  UpstreamServer direct;
  UpstreamServer gateway;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ape-gateway-bench");
    String javaCommand = ProcessHandle.current().info().command().orElse("java");
    // absolute: the servers start in the temporary directory, not where JMH was started
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    Path config = dir.resolve("servers.json");
    Files.writeString(config, "{\"mcpServers\": {\"echo\": {\"command\": " + quote(javaCommand)
        + ", \"args\": [\"-cp\", " + quote(cp) + ", \"" + EchoMcpServer.class.getName() + "\"]}}}",
        StandardCharsets.UTF_8);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY, StandardCharsets.UTF_8);
    String gatewayArgs = "\"-cp\", " + quote(cp) + ", \"io.ape.cli.ApeCommand\", \"gateway\", \"--config\", "
        + quote(config.toString()) + ", \"--policy\", " + quote(policy.toString());
    if (audit.startsWith("jsonl")) {
      gatewayArgs += ", \"--audit-log\", " + quote(dir.resolve("audit.jsonl").toString()) + ", \"--audit-wait\", "
          + (audit.equals("jsonl-all") ? "\"all\"" : "\"started\"");
    }
    McpConfig clients = new McpConfigReader().parse("{\"mcpServers\": {"
        + "\"direct\": {\"command\": " + quote(javaCommand) + ", \"args\": [\"-cp\", " + quote(cp) + ", \""
        + EchoMcpServer.class.getName() + "\"]}, "
        + "\"gateway\": {\"command\": " + quote(javaCommand) + ", \"args\": [" + gatewayArgs + "]}}}", "bench.json", null);
    ConnectSettings settings = new ConnectSettings(dir, System.getenv(), Duration.ofSeconds(60));
    direct = connect(clients, "direct", settings);
    gateway = connect(clients, "gateway", settings);
    // fail at once, not after a measurement, if the gateway does not forward the call
    if (!"hello through the gateway".equals(text(viaGateway()))) {
      throw new IllegalStateException("the gateway did not forward the call: " + text(viaGateway()));
    }
  }

  private static UpstreamServer connect(McpConfig config, String name, ConnectSettings settings) {
    UpstreamServer c = UpstreamServer.open(config.server(name).orElseThrow(), settings,
        UpstreamServer.DEFAULT_MAX_MESSAGE_CHARS, null);
    c.start();
    return c;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @TearDown
  public void tearDown() throws IOException {
    for (UpstreamServer c : new UpstreamServer[] {direct, gateway}) {
      if (c != null) {
        c.close();
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
        for (Path p : all) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  McpSchema.CallToolResult callDirect() {
    return direct.callTool("echo", ARGS, TIMEOUT);
  }

  McpSchema.CallToolResult viaGateway() {
    return gateway.callTool("echo.echo", ARGS, TIMEOUT);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public McpSchema.CallToolResult latencyDirect() {
    return callDirect();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public McpSchema.CallToolResult latencyViaGateway() {
    return viaGateway();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public McpSchema.CallToolResult throughputDirect1() {
    return callDirect();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public McpSchema.CallToolResult throughputViaGateway1() {
    return viaGateway();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public McpSchema.CallToolResult throughputDirect16() {
    return callDirect();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public McpSchema.CallToolResult throughputViaGateway16() {
    return viaGateway();
  }
}
