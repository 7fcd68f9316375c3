package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.cli.ApeCommand;
import io.ape.cli.CliContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * The documentation stands alone: it points only at files of the repository, cites no
 * document a reader does not have, and the README lists every command and states performance
 * figures nowhere but in BENCHMARKS.md.
 */
class DocsStandAloneTest {
  /** Markdown links and images: {@code [text](target)}. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  /** Words that refer to documents outside the repository. */
  private static final Pattern OUTSIDE = Pattern.compile(
      "(?i)\\bthe seed\\b|\\bseed's\\b|\\bDESIGN(?:\\.md| §)|\\.\\./shared|/work/shared"
          + "|python-ape-behavior|\\bWEAK-\\d+");

  @TestFactory
  Stream<DynamicTest> everyRelativeLinkPointsAtAFileOfTheRepository() {
    return Docs.files().stream().map(doc -> DynamicTest.dynamicTest(
        Docs.root().relativize(doc).toString(), () -> {
          List<String> broken = new ArrayList<>();
          String text = withoutCode(Docs.read(doc));
          Matcher m = LINK.matcher(text);
          while (m.find()) {
            String target = m.group(1);
            if (target.matches("^[a-z]+:.*")) {
              continue; // web links
            }
            String file = target.replaceFirst("#.*$", "");
            Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
            if (!resolved.startsWith(Docs.root()) || !Files.exists(resolved)) {
              broken.add(target);
            } else if (target.contains("#") && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
              broken.add(target + " (no such heading)");
            }
          }
          assertThat(broken).as("links in %s to files that do not exist",
              Docs.root().relativize(doc)).isEmpty();
        }));
  }

  @TestFactory
  Stream<DynamicTest> noDocumentCitesWhatAReaderDoesNotHave() {
    return Docs.files().stream().map(doc -> DynamicTest.dynamicTest(
        Docs.root().relativize(doc).toString(), () -> {
          List<String> found = new ArrayList<>();
          List<String> lines = Docs.read(doc).lines().toList();
          for (int i = 0; i < lines.size(); i++) {
            Matcher m = OUTSIDE.matcher(lines.get(i));
            if (m.find()) {
              found.add((i + 1) + ": " + m.group());
            }
          }
          assertThat(found).as("%s refers to documents outside the repository (the seed, "
              + "DESIGN, ../shared, ...); say it in the repository's own words",
              Docs.root().relativize(doc)).isEmpty();
        }));
  }

  @Test
  void theReadmeCommandTableNamesEveryCommand() {
    String readme = Docs.read(Docs.root().resolve("README.md"));
    String table = readme.substring(readme.indexOf("## Command line"));
    table = table.substring(0, table.indexOf("\n## ", 3));
    CommandLine root = ApeCommand.commandLine(CliContext.system(),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<String> rows = table.lines().filter(l -> l.startsWith("| `ape ")).toList();
    for (String command : root.getSubcommands().keySet()) {
      Pattern named = Pattern.compile("`ape " + Pattern.quote(command) + "[ `]");
      assertThat(rows).as("a row of README.md's command table names `ape %s`", command)
          .anyMatch(r -> named.matcher(r.substring(0, r.indexOf(" | ", 2))).find());
    }
  }

  @Test
  void performanceFiguresAreOnlyInBenchmarks() {
    String readme = Docs.read(Docs.root().resolve("README.md"));
    String perf = readme.substring(readme.indexOf("## Performance"));
    perf = perf.substring(0, perf.indexOf("\n## ", 3));
    assertThat(perf).contains("](BENCHMARKS.md)")
        .doesNotContainPattern("\\d\\s*(ns|µs|us|ms|s)\\b")
        .doesNotContainPattern("\\d+\\s*(calls|ops)/s");
  }

  @Test
  void theQuickStartPolicyIsTheOneTheExampleRuns() throws IOException {
    Docs.Block quickstart = Docs.blocks(Docs.root().resolve("README.md")).stream()
        .filter(b -> b.lang().equals("yaml") && b.text().startsWith("name: quickstart"))
        .findFirst().orElseThrow();
    try (InputStream in = io.ape.examples.EngineQuickstart.class
        .getResourceAsStream("quickstart-policy.yaml")) {
      assertThat(in).isNotNull();
      assertThat(quickstart.text())
          .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void mavenCoordinatesInTheDocsAreThisProjectsOwn() {
    String pom = Docs.read(Docs.root().resolve("pom.xml"));
    Matcher v = Pattern.compile("<artifactId>ape-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertThat(v.find()).isTrue();
    List<Docs.Block> xml = Docs.blocks("xml");
    assertThat(xml).isNotEmpty();
    Pattern dependency = Pattern.compile("<groupId>io\\.ape</groupId>\\s*<artifactId>([^<]+)"
        + "</artifactId>\\s*<version>([^<]+)</version>");
    for (Docs.Block b : xml) {
      Matcher d = dependency.matcher(b.text());
      while (d.find()) {
        assertThat(Files.isRegularFile(Docs.root().resolve(d.group(1)).resolve("pom.xml")))
            .as("%s: io.ape:%s is a module of this repository", b.where(), d.group(1)).isTrue();
        assertThat(d.group(2)).as("%s: the version of io.ape:%s", b.where(), d.group(1))
            .isEqualTo(v.group(1));
      }
    }
  }

  @Test
  void everyExceptionTheReadmeNamesExists() {
    String readme = Docs.read(Docs.root().resolve("README.md"));
    Matcher m = Pattern.compile("`(?:io\\.ape\\.api\\.)?([A-Z][A-Za-z]+Exception)`").matcher(readme);
    List<String> missing = new ArrayList<>();
    int named = 0;
    while (m.find()) {
      named++;
      String simple = m.group(1);
      boolean found = Stream.of("io.ape.api.", "io.ape.core.session.", "io.ape.core.ratelimit.")
          .anyMatch(pkg -> exists(pkg + simple));
      if (!found) {
        missing.add(simple);
      }
    }
    assertThat(named).isGreaterThan(10);
    assertThat(missing).as("exceptions README.md names that do not exist").isEmpty();
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, DocsStandAloneTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The anchors GitHub gives the headings of a Markdown file (and explicit {@code id}s). */
  static java.util.Set<String> anchors(Path doc) {
    java.util.Set<String> out = new java.util.HashSet<>();
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    boolean fenced = false;
    for (String line : Docs.read(doc).split("\n")) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      }
      if (fenced || !line.startsWith("#")) {
        continue;
      }
      String slug = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    Matcher id = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"").matcher(Docs.read(doc));
    while (id.find()) {
      out.add(id.group(1));
    }
    return out;
  }

  /** The text with fenced blocks and inline code blanked, so that only prose links count. */
  private static String withoutCode(String text) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line.replaceAll("`[^`]*`", "``")).append('\n');
    }
    return out.toString();
  }
}
