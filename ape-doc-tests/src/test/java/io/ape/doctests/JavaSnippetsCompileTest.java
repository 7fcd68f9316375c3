package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md, docs/ and the module READMEs compiles as written
 * (see {@link JavaSnippets} for the two forms a block may take). One test per block, named by
 * its file and line.
 */
class JavaSnippetsCompileTest {
  @TempDir
  static Path dir;

  private static JavaSnippets.Compiled compiled;

  static synchronized JavaSnippets.Compiled compiled() {
    if (compiled == null) {
      compiled = JavaSnippets.compile(Docs.blocks("java"), dir);
    }
    return compiled;
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompiles() {
    JavaSnippets.Compiled c = compiled();
    return c.units().keySet().stream().map(block -> DynamicTest.dynamicTest(block.where(),
        () -> assertThat(c.errors().get(block))
            .as("%s does not compile; source as compiled:%n%s", block.where(),
                c.units().get(block).source())
            .isEmpty()));
  }

  @Test
  void theReadmeHasJavaSnippetsAndTheyAreFound() {
    List<Docs.Block> readme = Docs.blocks("java").stream()
        .filter(b -> b.file().getFileName().toString().equals("README.md")
            && b.file().getParent().equals(Docs.root()))
        .toList();
    assertThat(readme).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void aFragmentWithoutItsAnnotationIsRefusedWithAHint() {
    Docs.Block fragment = new Docs.Block(Docs.root().resolve("README.md"), 1, "java",
        "engine.evaluate(\"read_file\");\n", List.of());
    assertThat(JavaSnippets.unit(fragment).problem())
        .contains("complete compilation unit", "<!-- snippet: body(Type variable, ...) -->");
  }
}
