package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ape} command shown in README.md, docs/ and the module READMEs (see
 * {@link DocCommands} for what counts as a command and what the text may claim), and checks
 * its exit code, the decision it is said to print, and every output line a transcript shows.
 * The commands of a document run in order, in a fresh JVM whose working directory is the
 * document's own copy of the repository root, through the picocli entry point.
 */
class DocCommandsTest {
  private static final Pattern DECISION_LINE =
      Pattern.compile("(?m)^\\S+: (ALLOW|DENY|ESCALATE)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicNode> everyCommandOfEveryDocument() throws Exception {
    return documents(false);
  }

  /**
   * The blocks marked {@code <!-- cli: needs-mcp-servers -->}: they run only where the MCP
   * reference servers are installed ({@code bash ape-mcp/install-test-servers.sh}), like the
   * other tests tagged {@code mcp-servers}; {@code APETEST_REQUIRE_MCP_IT=true} makes their absence
   * a failure.
   */
  @Tag("mcp-servers")
  @TestFactory
  Stream<DynamicNode> commandsThatNeedTheMcpReferenceServers() throws Exception {
    if (!DocCommands.mcpServersInstalled()) {
      String missing = "The MCP reference servers are not installed in "
          + Docs.root().resolve(".mcp-servers") + ", so the documented `--connect` commands did "
          + "not run. Install them with `bash ape-mcp/install-test-servers.sh`.";
      boolean required = "true".equalsIgnoreCase(System.getenv("APETEST_REQUIRE_MCP_IT"))
          || "true".equalsIgnoreCase(System.getProperty("APETEST_REQUIRE_MCP_IT"));
      // One test that reports itself skipped (or failed, when required), with the reason.
      return Stream.of(DynamicTest.dynamicTest("documented --connect commands", () -> {
        if (required) {
          throw new AssertionError(missing + " APETEST_REQUIRE_MCP_IT=true makes this a failure.");
        }
        Assumptions.abort(missing);
      }));
    }
    return documents(true);
  }

  @Test
  void theReadmeAndTheCliReferenceShowCommandsThatAreRun() {
    Set<Path> docs = new java.util.HashSet<>();
    DocCommands.commandBlocks().forEach(b -> docs.add(b.file()));
    assertThat(docs).contains(Docs.root().resolve("README.md"),
        Docs.root().resolve("ape-cli/README-cli.md"));
  }

  private Stream<DynamicNode> documents(boolean mcpServerBlocks) throws Exception {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path doc : Docs.files()) {
      Path sandbox = sandbox(doc, mcpServerBlocks);
      List<DocCommands.Step> steps = DocCommands.steps(doc, sandbox, mcpServerBlocks);
      if (steps.isEmpty()) {
        continue;
      }
      List<DocCommands.Step> runnable = steps.stream().filter(s -> s.notRun() == null).toList();
      List<Map<String, Object>> results = runnable.isEmpty() ? List.of() : run(runnable, sandbox);
      List<DynamicTest> tests = new ArrayList<>();
      int next = 0;
      for (DocCommands.Step step : steps) {
        if (step.notRun() != null) {
          tests.add(DynamicTest.dynamicTest(step.toString(), () -> Assumptions.abort(
              "shown but not run (<!-- cli: not-run -->): " + step.notRun())));
          continue;
        }
        Map<String, Object> result = next < results.size() ? results.get(next) : null;
        next++;
        tests.add(DynamicTest.dynamicTest(step.toString(), () -> check(step, result)));
      }
      nodes.add(DynamicContainer.dynamicContainer(Docs.root().relativize(doc).toString(),
          tests.stream()));
    }
    return nodes.stream();
  }

  private static void check(DocCommands.Step step, Map<String, Object> result) {
    assertThat(result).as("%s did not run (an earlier command crashed the runner)", step)
        .isNotNull();
    String shown = (String) result.get("shown");
    String report = String.format("%s%n--- output ---%n%s", step, shown);
    assertThat((Integer) result.get("exit")).as("exit code of %s", report)
        .isEqualTo(step.expectedExit());
    if (step.expectedOutcome() != null) {
      var m = DECISION_LINE.matcher(shown);
      assertThat(m.find()).as("a decision line (ACTION: OUTCOME) in %s", report).isTrue();
      assertThat(m.group(1)).as("the decision the text claims for %s", report)
          .isEqualTo(step.expectedOutcome());
    }
    String missing = DocCommands.firstMissingLine(step.shownOutput(), shown.lines().toList());
    assertThat(missing).as("a line the document shows is not in the output of %s", report)
        .isNull();
  }

  /** The document's working directory: a stand-in for the repository root. */
  private Path sandbox(Path doc, boolean mcpServerBlocks) throws IOException {
    Path root = Docs.root();
    Path relative = root.relativize(doc);
    Path sandbox = Files.createDirectories(dir.resolve((mcpServerBlocks ? "mcp-" : "")
        + relative.toString().replaceAll("[^A-Za-z0-9.-]", "_")));
    Files.createDirectories(sandbox.resolve("home"));
    copy(root.resolve("policies"), sandbox.resolve("policies"));
    try (Stream<Path> top = Files.list(root)) {
      for (Path p : top.toList()) {
        String name = p.getFileName().toString();
        boolean module = Files.isRegularFile(p.resolve("pom.xml"));
        if (module || name.equals("docs") || name.equals(".mcp-servers")) {
          Files.createSymbolicLink(sandbox.resolve(name), p);
        }
      }
    }
    Path fixtures = root.resolve("ape-doc-tests/src/test/resources/doc-fixtures")
        .resolve(relative.toString());
    if (Files.isDirectory(fixtures)) {
      copy(fixtures, sandbox);
    }
    return sandbox;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Runs the steps in a fresh JVM in {@code sandbox}; returns one result per step run. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> run(List<DocCommands.Step> steps, Path sandbox)
      throws Exception {
    List<Map<String, Object>> encoded = new ArrayList<>();
    for (DocCommands.Step s : steps) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (s.ape()) {
        m.put("ape", s.args());
        m.put("stdout", s.stdoutFile());
      } else {
        m.put("shell", s.shell());
      }
      encoded.add(m);
    }
    Path stepsFile = Files.createTempFile(dir, "steps", ".json");
    Path resultsFile = Files.createTempFile(dir, "results", ".json");
    Path log = Files.createTempFile(dir, "runner", ".log");
    JSON.writeValue(stepsFile.toFile(), encoded);
    Files.writeString(resultsFile, "[]");
    Process p = new ProcessBuilder(SnippetRunTest.javaBinary(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", JavaSnippets.classPath(), DocCommandRunner.class.getName(),
        stepsFile.toString(), resultsFile.toString())
        .directory(sandbox.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the commands of " + sandbox + " did not finish in 10 minutes");
    }
    if (p.exitValue() != 0) {
      System.err.println("runner for " + sandbox + " exited " + p.exitValue() + ":\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return JSON.readValue(resultsFile.toFile(), List.class);
  }
}
