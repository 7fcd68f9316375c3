package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README "Embedding the engine": its policy and Java are this example, and it does what it says. */
class EmbeddingTheEngineTest {
  private static final Path SOURCE =
      Path.of("src", "main", "java", "io", "ape", "examples", "EmbeddingTheEngine.java");

  static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("ape-core"))) {
        return dir.resolve("README.md");
      }
    }
    throw new IllegalStateException("README.md not found");
  }

  static String section() throws IOException {
    String readme = Files.readString(readme());
    int start = readme.indexOf("## Embedding the engine");
    assertThat(start).as("the README has the section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 3);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  static String block(String section, String language) {
    int start = section.indexOf("```" + language + "\n");
    int end = section.indexOf("```", start + 4 + language.length());
    return section.substring(start + 4 + language.length(), end);
  }

  @Test
  void theReadmeShowsThisExampleWithItsImports() throws IOException {
    String source = Files.readString(SOURCE);
    String java = block(section(), "java");
    assertThat(source.substring(source.indexOf("import "))).isEqualTo(java);
  }

  @Test
  void theInjectedRecipientIsRefusedAndTheModelGetsATerseMessage(@TempDir Path dir)
      throws IOException {
    Path policy = dir.resolve("support.yaml");
    Files.writeString(policy, block(section(), "yaml"));
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmbeddingTheEngine.main(new String[] {policy.toString()});
    } finally {
      System.setOut(old);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).startsWith(
        "EXECUTED, then DENIED: APE denied this tool call: it is not permitted by the security "
            + "policy.");
  }
}
