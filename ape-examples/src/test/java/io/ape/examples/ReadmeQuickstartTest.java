package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/readme-quickstart.md} (folded into the README) true: its policy is the
 * example's bundled policy, and its Java snippet compiles and, run against that policy, takes
 * the branch the text promises.
 */
class ReadmeQuickstartTest {
  private static final Path FRAGMENT = Path.of("docs", "readme-quickstart.md");

  @Test
  void thePolicyIsTheOneTheExampleRuns() throws IOException {
    String bundled;
    try (InputStream in = EngineQuickstart.class.getResourceAsStream(
        EngineQuickstart.BUNDLED_POLICY)) {
      assertThat(in).isNotNull();
      bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(block("yaml")).isEqualTo(bundled);
    assertThat(bundled.lines().count()).isBetween(6L, 10L);
  }

  @Test
  void theMavenCoordinatesAreTheProjects() throws IOException {
    String xml = block("xml");
    assertThat(xml).contains("<groupId>io.ape</groupId>", "<artifactId>ape-core</artifactId>",
        "<artifactId>ape-policy-yaml</artifactId>", "<version>0.1.0-SNAPSHOT</version>");
  }

  @Test
  void theJavaSnippetCompilesAndTakesTheAllowBranch(@TempDir Path dir) throws Exception {
    String snippet = block("java");
    assertThat(snippet.lines().count()).isBetween(6L, 10L);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, block("yaml"), StandardCharsets.UTF_8);

    List<String> calls = run(snippet.replace("\"policy.yaml\"",
        "\"" + policy.toString().replace("\\", "\\\\") + "\""), dir);

    assertThat(calls).containsExactly("runTheTool");
  }

  @Test
  void theJavaSnippetRefusesATraversal(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, block("yaml"), StandardCharsets.UTF_8);
    String snippet = block("java")
        .replace("\"policy.yaml\"", "\"" + policy.toString().replace("\\", "\\\\") + "\"")
        .replace("/tmp/report.txt", "/tmp/../etc/passwd");

    List<String> calls = run(snippet, dir);

    assertThat(calls).singleElement().asString().startsWith("refuse: no rule for 'write_file'");
  }

  /** Compiles the snippet inside a small class with the three callbacks, runs it, returns the calls. */
  private static List<String> run(String snippet, Path dir) throws Exception {
    String source = "package snippet;\n"
        + "import io.ape.api.Decision;\n"
        + "import io.ape.core.policy.PolicyEngine;\n"
        + "import java.nio.file.Path;\n"
        + "import java.util.Map;\n"
        + "public class Snippet {\n"
        + "  public final java.util.List<String> calls = new java.util.ArrayList<>();\n"
        + "  void runTheTool() { calls.add(\"runTheTool\"); }\n"
        + "  void askAHumanFirst(String reason) { calls.add(\"ask: \" + reason); }\n"
        + "  void refuse(String reason) { calls.add(\"refuse: \" + reason); }\n"
        + "  public void run() throws Exception {\n"
        + snippet
        + "  }\n"
        + "}\n";
    Path src = dir.resolve("src/snippet/Snippet.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source, StandardCharsets.UTF_8);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK (not a JRE) runs the tests").isNotNull();
    java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics,
        "-classpath", location(PolicyEngine.class) + java.io.File.pathSeparator
            + location(Decision.class),
        "-d", classes.toString(), "-Xlint:none", src.toString());
    assertThat(rc).as("javac:%n%s%nsource:%n%s",
        diagnostics.toString(StandardCharsets.UTF_8), source).isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeQuickstartTest.class.getClassLoader())) {
      Object instance = loader.loadClass("snippet.Snippet").getConstructor().newInstance();
      instance.getClass().getMethod("run").invoke(instance);
      @SuppressWarnings("unchecked")
      List<String> calls = (List<String>) instance.getClass().getField("calls").get(instance);
      return new ArrayList<>(calls);
    }
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** The content of the only {@code ```lang} block of the fragment. */
  private static String block(String lang) throws IOException {
    String text = Files.readString(findFragment(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?ms)^```" + lang + "\\n(.*?)^```$").matcher(text);
    assertThat(m.find()).as("a ```%s block in %s", lang, FRAGMENT).isTrue();
    String content = m.group(1);
    assertThat(m.find()).as("only one ```%s block in %s", lang, FRAGMENT).isFalse();
    return content;
  }

  private static Path findFragment() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(FRAGMENT))) {
        return p.resolve(FRAGMENT);
      }
    }
    throw new IllegalStateException(FRAGMENT + " not found above " + Path.of("").toAbsolutePath());
  }
}
