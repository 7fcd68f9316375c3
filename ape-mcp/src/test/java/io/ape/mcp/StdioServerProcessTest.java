package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes through the default connector and our stdio transport (POSIX {@code sh}), for
 * the failure modes: cannot start, exits at once, never answers, spawns children, leaks secrets
 * on stderr.
 */
class StdioServerProcessTest {
  @TempDir
  Path dir;

  private ScanResult scan(String json, Duration timeout) {
    McpConfig config = new McpConfigReader().parse(json, "c.json", null);
    return McpScanner.builder().connect(true).workingDirectory(dir).timeout(timeout).build().scan(config);
  }

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static String entry(String name, Path script) {
    return "\"" + name + "\": {\"command\": \"sh\", \"args\": [\"" + script + "\"],"
        + " \"env\": {\"SERVER_TOKEN\": \"fixture-secret-stderr-0042\"}}";
  }

  /** A pid is running if it exists and is not a zombie (a killed child not yet reaped is dead). */
  private static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (Files.exists(Path.of("/proc/self/stat"))) {
      try {
        String s = Files.readString(stat);
        char state = s.charAt(s.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
      } catch (IOException e) {
        return false;
      }
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isPresent() && h.get().isAlive();
  }

  @Test
  void aServerThatCannotStartIsReportedAtOnceNotAfterTheTimeout() {
    ScanResult r = scan("{\"mcpServers\": {\"missing\": {\"command\": \"/nonexistent/mcp-server\"}}}",
        Duration.ofSeconds(60));
    ServerScan s = r.servers().get(0);
    assertThat(s.status()).isEqualTo(ServerStatus.FAILED);
    assertThat(s.message()).contains("cannot start '/nonexistent/mcp-server'").contains("No such file");
  }

  @Test
  void aServerThatExitsAtOnceIsReportedWithItsExitCodeAndStderr() throws IOException {
    Path p = script("exits.sh", "echo \"fatal: bad config, token=$SERVER_TOKEN\" >&2\nexit 3");
    ScanResult r = scan("{\"mcpServers\": {" + entry("exits", p) + "}}", Duration.ofSeconds(60));
    ServerScan s = r.servers().get(0);
    assertThat(s.status()).isEqualTo(ServerStatus.FAILED);
    assertThat(s.message()).contains("exited with code 3").contains("fatal: bad config");
    // Attack: a server echoing its secret environment into the scanner's output.
    assertThat(s.message()).doesNotContain(Fixtures.SECRET_MARK);
    assertThat(McpReports.scanText(r) + McpReports.toJson(r)).doesNotContain(Fixtures.SECRET_MARK);
  }

  @Test
  void aHangingServerAndItsChildrenAreKilledAndTheNextServerIsStillScanned() throws IOException {
    Path hang = script("hang.sh", "echo $$ > \"" + dir.resolve("hang.pid") + "\"\n"
        + "sleep 600 &\necho $! > \"" + dir.resolve("child.pid") + "\"\n"
        + "cat > /dev/null\n");
    Path exits = script("exits.sh", "exit 1");
    // The limit must leave the exiting server time to start and be seen exiting on a loaded
    // machine (2 s was too little with several builds sharing 2 cores).
    ScanResult r = scan("{\"mcpServers\": {" + entry("hangs", hang) + ", " + entry("after", exits) + "}}",
        Duration.ofSeconds(6));
    assertThat(r.servers()).extracting(ServerScan::status)
        .containsExactly(ServerStatus.TIMED_OUT, ServerStatus.FAILED);
    long pid = Long.parseLong(Files.readString(dir.resolve("hang.pid")).trim());
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
    assertThat(running(pid)).as("server process %d", pid).isFalse();
    assertThat(running(child)).as("child process %d", child).isFalse();
  }

  @Test
  void aServerWritingGarbageInsteadOfJsonRpcFailsOrTimesOutButIsStopped() throws IOException {
    Path p = script("garbage.sh", "echo $$ > \"" + dir.resolve("g.pid") + "\"\n"
        + "echo 'this is not json'\necho '{\"jsonrpc\": \"2.0\", \"id\": \"nope\"'\ncat > /dev/null");
    ScanResult r = scan("{\"mcpServers\": {" + entry("garbage", p) + "}}", Duration.ofSeconds(1));
    assertThat(r.servers().get(0).status()).isIn(ServerStatus.TIMED_OUT, ServerStatus.FAILED);
    long pid = Long.parseLong(Files.readString(dir.resolve("g.pid")).trim());
    assertThat(running(pid)).isFalse();
  }

  @Test
  void anUnsetVariableInTheEntryFailsTheServerWithoutStartingIt() {
    ScanResult r = scan("{\"mcpServers\": {\"v\": {\"command\": \"sh\", \"args\": [\"${APE_TEST_UNSET_VARIABLE_XYZ}\"]}}}",
        Duration.ofSeconds(5));
    assertThat(r.servers().get(0).status()).isEqualTo(ServerStatus.FAILED);
    assertThat(r.servers().get(0).message()).contains("APE_TEST_UNSET_VARIABLE_XYZ").contains("not set");
  }
}
