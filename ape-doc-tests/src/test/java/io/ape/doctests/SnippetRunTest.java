package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Java snippets marked to run, and checks what they print. A complete snippet with a
 * {@code main} method may be annotated
 *
 * <ul>
 *   <li>{@code <!-- run: from-root -->}: run with the repository root as working directory (as
 *       a reader who cloned it would, e.g. to use {@code policies/...});</li>
 *   <li>{@code <!-- run: with-previous-yaml FILE -->}: run in an empty directory that holds
 *       only FILE, whose content is the closest {@code ```yaml} block above the snippet in the
 *       same document.</li>
 * </ul>
 *
 * <p>It runs in a fresh JVM and must exit 0 within a minute. Every line of the form
 * {@code System.out.println(...);  // TEXT} states what it prints: the printed lines must
 * contain each such TEXT as a whole line, in the order of the source (lines not executed, such
 * as another branch of a switch, simply have no comment).
 */
class SnippetRunTest {
  private static final Pattern PRINTS =
      Pattern.compile("System\\.out\\.println\\(.*\\);\\s*//\\s?(.*)$");

  @TempDir
  static Path dir;

  private static JavaSnippets.Compiled compiled;

  static synchronized JavaSnippets.Compiled compiled() {
    if (compiled == null) {
      compiled = JavaSnippets.compile(Docs.blocks("java"), dir.resolve("compiled"));
    }
    return compiled;
  }

  static Stream<Docs.Block> runnable() {
    return Docs.blocks("java").stream().filter(b -> !b.annotations("run").isEmpty());
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableSnippetPrintsWhatItsCommentsSay() {
    return runnable().map(b -> DynamicTest.dynamicTest(b.where(), () -> run(b)));
  }

  @Test
  void theReadmeQuickStartsAreRun() {
    assertThat(runnable().filter(b -> b.file().equals(Docs.root().resolve("README.md"))))
        .hasSizeGreaterThanOrEqualTo(3);
  }

  /** The TEXT of each {@code println(...); // TEXT} line, in source order. */
  static List<String> expectedLines(String source) {
    List<String> out = new ArrayList<>();
    for (String line : source.split("\n")) {
      Matcher m = PRINTS.matcher(line);
      if (m.find()) {
        out.add(m.group(1).strip());
      }
    }
    return out;
  }

  static void run(Docs.Block b) throws Exception {
    JavaSnippets.Compiled c = compiled();
    assertThat(c.errors().get(b)).as("%s must compile", b.where()).isEmpty();
    JavaSnippets.Unit unit = c.units().get(b);
    String how = b.annotations("run").get(0);
    Path cwd;
    if (how.equals("from-root")) {
      cwd = Docs.root();
    } else if (how.startsWith("with-previous-yaml ")) {
      String name = how.substring("with-previous-yaml ".length()).strip();
      cwd = Files.createDirectories(dir.resolve("run-" + b.line()));
      Files.writeString(cwd.resolve(name), previousYaml(b).text(), StandardCharsets.UTF_8);
    } else {
      throw new AssertionError(b.where() + ": unknown <!-- run: " + how + " -->; use from-root "
          + "or with-previous-yaml FILE");
    }
    Path out = dir.resolve("out-" + b.line() + ".txt");
    Path err = dir.resolve("err-" + b.line() + ".txt");
    Process p = new ProcessBuilder(javaBinary(), "-cp", JavaSnippets.runClassPath(c),
        unit.className())
        .directory(cwd.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(b.where() + " did not finish within 60 s");
    }
    List<String> printed = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .map(String::strip).toList();
    String report = String.format("%s (run in %s)%n--- stdout ---%n%s%n--- stderr ---%n%s",
        b.where(), cwd, String.join("\n", printed), Files.readString(err));
    assertThat(p.exitValue()).as("exit code of %s", report).isZero();
    List<String> expected = expectedLines(b.text());
    assertThat(expected).as("%s states what it prints (println(...); // TEXT)", b.where())
        .isNotEmpty();
    int from = 0;
    for (String e : expected) {
      int at = printed.subList(from, printed.size()).indexOf(e);
      assertThat(at).as("'%s' printed, in order, by %s", e, report).isNotNegative();
      from += at + 1;
    }
  }

  private static Docs.Block previousYaml(Docs.Block b) {
    Docs.Block found = null;
    for (Docs.Block other : Docs.blocks(b.file())) {
      if (other.line() >= b.line()) {
        break;
      }
      if (other.lang().equals("yaml")) {
        found = other;
      }
    }
    if (found == null) {
      throw new AssertionError(b.where() + ": no ```yaml block above it");
    }
    return found;
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
