package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class McpScannerTest {
  private final McpConfigReader reader = new McpConfigReader();

  /** A connector whose servers behave as scripted by name. */
  private static final class ScriptedConnector implements McpServerConnector {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Map<String, Integer> openedByName = new ConcurrentHashMap<>();

    @Override
    public McpServerConnection open(McpServerConfig server, ConnectSettings settings) {
      if (server.name().equals("unopenable")) {
        throw new McpConnectException("the variable X is not set");
      }
      opened.incrementAndGet();
      openedByName.merge(server.name(), 1, Integer::sum);
      CountDownLatch closedLatch = new CountDownLatch(1);
      return new McpServerConnection() {
        @Override
        public ServerTools listTools() throws Exception {
          switch (server.name()) {
            case "hangs":
              // Like a server that never answers: blocks until the scanner closes the connection.
              if (!closedLatch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the scanner never closed the hanging connection");
              }
              throw new McpConnectException("connection closed");
            case "fails":
              throw new McpConnectException("the MCP handshake failed: the process exited with code 1");
            case "throws-npe":
              throw new NullPointerException();
            case "links-badly":
              throw new NoClassDefFoundError("some/Missing");
            default:
              return new ServerTools("fake 1.0",
                  List.of(Tools.tool("read_file", Tools.readOnly(), "path"),
                      Tools.tool("write_file", Tools.destructive(), "path")),
                  List.of("a tool without a name was ignored"));
          }
        }

        @Override
        public void close() {
          closed.incrementAndGet();
          closedLatch.countDown();
        }
      };
    }
  }

  private static String servers(String... names) {
    StringBuilder sb = new StringBuilder("{\"mcpServers\": {");
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\": {\"command\": \"x\"}");
    }
    return sb.append("}}").toString();
  }

  private ScanResult connectedScan(ScriptedConnector connector, String json) {
    return McpScanner.builder().connect(true).connector(connector).timeout(Duration.ofMillis(300))
        .build().scan(reader.parse(json, "c.json", null));
  }

  @Test
  void aHangingServerTimesOutIsClosedAndTheOthersAreStillScanned() {
    ScriptedConnector c = new ScriptedConnector();
    ScanResult r = connectedScan(c, servers("first", "hangs", "last"));
    assertThat(r.servers()).extracting(ServerScan::name).containsExactly("first", "hangs", "last");
    assertThat(r.servers()).extracting(ServerScan::status)
        .containsExactly(ServerStatus.CONNECTED, ServerStatus.TIMED_OUT, ServerStatus.CONNECTED);
    assertThat(r.servers().get(1).message()).contains("no answer within 300 ms");
    assertThat(c.opened.get()).isEqualTo(3);
    assertThat(c.closed.get()).isEqualTo(3);
    assertThat(r.warnings()).anyMatch(w -> w.contains("'hangs' could not be scanned (TIMED_OUT)"));
  }

  @Test
  void failuresAreReportedPerServerAndNeverThrown() {
    ScriptedConnector c = new ScriptedConnector();
    ScanResult r = connectedScan(c, servers("fails", "throws-npe", "links-badly", "unopenable", "ok"));
    assertThat(r.servers()).extracting(ServerScan::status).containsExactly(ServerStatus.FAILED,
        ServerStatus.FAILED, ServerStatus.FAILED, ServerStatus.FAILED, ServerStatus.CONNECTED);
    assertThat(r.servers().get(0).message()).contains("exited with code 1");
    assertThat(r.servers().get(1).message()).contains("NullPointerException");
    assertThat(r.servers().get(2).message()).contains("NoClassDefFoundError");
    assertThat(r.servers().get(3).message()).contains("variable X is not set");
    assertThat(c.closed.get()).isEqualTo(c.opened.get()).isEqualTo(4);
  }

  @Test
  void connectedToolsAndNotesAreKept() {
    ScanResult r = connectedScan(new ScriptedConnector(), servers("ok"));
    ServerScan s = r.servers().get(0);
    assertThat(s.serverInfo()).isEqualTo("fake 1.0");
    assertThat(s.tools()).extracting(ScannedTool::name).containsExactly("read_file", "write_file");
    assertThat(s.message()).contains("without a name");
    assertThat(r.mode()).isEqualTo(ScanMode.CONNECTED);
    assertThat(r.inferred()).isFalse();
  }

  @Test
  void collidingToolNamesAcrossServersAreWarned() {
    ScanResult r = connectedScan(new ScriptedConnector(), servers("a", "b"));
    assertThat(r.collisions()).extracting(ToolNameCollision::tool).containsExactly("read_file", "write_file");
    assertThat(r.warnings()).anyMatch(w -> w.contains("tool 'read_file' is offered by 2 servers (a, b)"));
  }

  @Test
  void disabledUnusableAndInputNeedingServersAreSkippedWithoutConnecting() {
    String json = "{\"servers\": {"
        + "\"off\": {\"command\": \"x\", \"disabled\": true},"
        + "\"bad\": {\"args\": []},"
        + "\"prompt\": {\"command\": \"x\", \"env\": {\"T\": \"${input:tok}\"}},"
        + "\"ok\": {\"command\": \"x\"}}, \"inputs\": [{\"id\": \"tok\", \"type\": \"promptString\"}]}";
    ScriptedConnector c = new ScriptedConnector();
    ScanResult r = connectedScan(c, json);
    assertThat(r.servers()).extracting(ServerScan::status).containsExactly(ServerStatus.SKIPPED,
        ServerStatus.SKIPPED, ServerStatus.SKIPPED, ServerStatus.CONNECTED);
    assertThat(r.servers().get(2).message()).contains("VS Code input(s) tok");
    assertThat(c.openedByName).containsOnlyKeys("ok");
  }

  @Test
  void anEmptyConfigScansToAnEmptyResultWithItsWarning() {
    ScanResult r = connectedScan(new ScriptedConnector(), "{}");
    assertThat(r.servers()).isEmpty();
    assertThat(r.warnings()).anyMatch(w -> w.contains("no MCP servers found"));
  }

  @Test
  void withoutConnectTheResultSaysItIsInferred() {
    ScriptedConnector c = new ScriptedConnector();
    ScanResult r = McpScanner.builder().connector(c).build().scan(Fixtures.read("claude_desktop_config.json"));
    assertThat(c.opened.get()).isZero();
    assertThat(r.inferred()).isTrue();
    assertThat(r.warnings().get(0)).contains("NOT read from the servers").contains("--connect");
    assertThat(McpReports.scanText(r)).contains("INFERRED");
    assertThat(r.servers()).extracting(ServerScan::status).containsExactly(ServerStatus.INFERRED,
        ServerStatus.INFERRED, ServerStatus.INFERRED, ServerStatus.UNKNOWN);
    assertThat(r.servers().get(0).message()).contains("package @modelcontextprotocol/server-filesystem");
    assertThat(r.servers().get(0).tools()).extracting(ScannedTool::name)
        .contains("read_file", "write_file", "edit_file", "move_file", "create_directory");
  }

  /** The Python original guessed git tools for any server whose name contains "git". */
  @Test
  void catalogueMatchesNamesExactlyNotBySubstring() {
    String json = "{\"mcpServers\": {\"digital-ocean\": {\"command\": \"x\"}, \"legit\": {\"command\": \"x\"},"
        + " \"webhooks\": {\"command\": \"x\"}, \"git\": {\"command\": \"x\"}}}";
    ScanResult r = McpScanner.builder().build().scan(reader.parse(json, "c.json", null));
    assertThat(r.servers()).extracting(ServerScan::status).containsExactly(ServerStatus.UNKNOWN,
        ServerStatus.UNKNOWN, ServerStatus.UNKNOWN, ServerStatus.INFERRED);
    assertThat(r.servers().get(3).message()).contains("GUESS").contains("its name alone ('git')");
  }

  @Test
  void declaredToolListsAreUsedByNameOnly() {
    String json = "{\"mcpServers\": {\"chat\": {\"command\": \"x\", \"tools\": [\"post-message\", \"read\"]}}}";
    ScanResult r = McpScanner.builder().build().scan(reader.parse(json, "c.json", null));
    assertThat(r.servers().get(0).status()).isEqualTo(ServerStatus.INFERRED);
    assertThat(r.servers().get(0).tools()).allMatch(t -> t.source() == ToolSource.CONFIG);
    GeneratedPolicy g = new McpPolicyGenerator().generate(r);
    assertThat(g.report().tools()).allMatch(t -> t.decision() == io.ape.api.Outcome.ESCALATE);
  }

  @Test
  void badBuilderArgumentsAreRejected() {
    assertThatThrownBy(() -> McpScanner.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> McpScanner.builder().parallelism(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serversAreScannedConcurrentlyWithinTheParallelismBound() {
    // Two servers that each wait for the other: only a concurrent scan lets both finish.
    CountDownLatch both = new CountDownLatch(2);
    McpServerConnector meeting = (server, settings) -> new McpServerConnection() {
      @Override
      public ServerTools listTools() throws Exception {
        both.countDown();
        if (!both.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("not scanned concurrently");
        }
        return new ServerTools("", List.of(), List.of());
      }

      @Override
      public void close() {
        both.countDown();
      }
    };
    ScanResult r = McpScanner.builder().connect(true).connector(meeting).parallelism(2)
        .timeout(Duration.ofSeconds(30)).build().scan(reader.parse(servers("a", "b"), "c.json", null));
    assertThat(r.servers()).extracting(ServerScan::status)
        .containsExactly(ServerStatus.CONNECTED, ServerStatus.CONNECTED);
  }
}
