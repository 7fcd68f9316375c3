package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The framework examples are the code of their module READMEs: the README section's
 * {@code java} block is the example's source from its first import on, and its {@code yaml}
 * block is the policy the example runs with. Each {@code System.out.println(...)} statement of
 * an example is followed by a comment line with what it prints; {@link #expectedOutput} reads
 * them, so the output a reader is promised is the output the test checks.
 */
final class ReadmeExamples {
  private ReadmeExamples() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("ape-core"))) {
        return dir;
      }
    }
    throw new IllegalStateException("the repository root was not found");
  }

  static String source(String className) throws IOException {
    return Files.readString(Path.of("src", "main", "java", "io", "ape", "examples",
        className + ".java"));
  }

  /** The section of {@code module}'s README that starts with {@code heading}. */
  static String section(String module, String heading) throws IOException {
    String readme = Files.readString(root().resolve(module).resolve("README.md"));
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as(module + "/README.md has the section " + heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length());
    return readme.substring(start + 1, end < 0 ? readme.length() : end);
  }

  /** The first {@code language} block of {@code section}. */
  static String block(String section, String language) {
    String fence = "```" + language + "\n";
    int start = section.indexOf(fence);
    assertThat(start).as("a " + language + " block").isNotNegative();
    int end = section.indexOf("```", start + fence.length());
    return section.substring(start + fence.length(), end);
  }

  /** The README shows the example's source, from its first import to its end. */
  static void assertReadmeShows(String module, String heading, String className)
      throws IOException {
    String source = source(className);
    assertThat(block(section(module, heading), "java"))
        .isEqualTo(source.substring(source.indexOf("import ")));
  }

  /** The README section's policy, written to {@code dir/support.yaml}. */
  static Path policy(String module, String heading, Path dir) throws IOException {
    Path policy = dir.resolve("support.yaml");
    Files.writeString(policy, block(section(module, heading), "yaml"));
    return policy;
  }

  /** What the example says it prints: the comment line after each println statement. */
  static List<String> expectedOutput(String source) {
    List<String> out = new ArrayList<>();
    boolean inPrint = false;
    boolean printed = false;
    for (String line : source.split("\n")) {
      String t = line.trim();
      if (printed) {
        printed = false;
        if (t.startsWith("// ")) {
          out.add(t.substring(3));
          continue;
        }
      }
      if (t.startsWith("System.out.println(")) {
        inPrint = true;
      }
      if (inPrint && t.endsWith(";")) {
        inPrint = false;
        printed = true;
      }
    }
    return out;
  }

  /** A main method whose standard output is captured. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** The lines {@code main} prints on standard output. */
  static List<String> run(Main main, String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(old);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
