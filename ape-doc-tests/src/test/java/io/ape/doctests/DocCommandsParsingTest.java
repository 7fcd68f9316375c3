package io.ape.doctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How documented command lines and transcripts are read (the rules of DocCommands). */
class DocCommandsParsingTest {
  @TempDir
  Path dir;

  @Test
  void quotesCommentsRedirectionsAndTheExitCodeEcho() {
    ShellLine l = ShellLine.parse(
        "ape simulate p.yaml fetch -p 'url=https://x.example/?a=1#frag' \"two words\" "
            + "> out.txt; echo $?   # 0: fine", dir);

    assertThat(l.words()).containsExactly("ape", "simulate", "p.yaml", "fetch", "-p",
        "url=https://x.example/?a=1#frag", "two words");
    assertThat(l.stdoutFile()).isEqualTo("out.txt");
    assertThat(l.echoStatus()).isTrue();
    assertThat(l.comment()).isEqualTo("0: fine");
  }

  @Test
  void aHashInsideAWordIsNotAComment() {
    assertThat(ShellLine.parse("ape x a#b # c", dir).words()).containsExactly("ape", "x", "a#b");
  }

  @Test
  void tildeAndGlobsExpandInTheDocumentsDirectory() throws IOException {
    Files.createDirectories(dir.resolve("policies"));
    Files.writeString(dir.resolve("policies/b.yaml"), "{}");
    Files.writeString(dir.resolve("policies/a.yaml"), "{}");
    Files.writeString(dir.resolve("policies/notes.txt"), "");

    ShellLine l = ShellLine.parse("./ape validate policies/*.yaml ~/.config/x.json '*.yaml'", dir);

    assertThat(l.words()).containsExactly("./ape", "validate", "policies/a.yaml",
        "policies/b.yaml", dir.resolve("home") + "/.config/x.json", "*.yaml");
  }

  @Test
  void shellSyntaxThatWouldRunSomethingElseIsRefused() {
    for (String line : List.of("ape x | tee y", "ape x && rm -rf /", "ape x $(id)",
        "ape x; rm y", "ape \"$HOME\"", "ape x `id`")) {
      assertThatThrownBy(() -> ShellLine.parse(line, dir)).as(line)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shownLinesMatchInOrderWithEllipsesAndSpaces() {
    List<String> actual = List.of("write_file: DENY", "  reason:     no rule matched",
        "  policy:     p.yaml (sha256 23f95948c63ca6f1...)", "done");

    assertThat(DocCommands.firstMissingLine(List.of("write_file: DENY", "...",
        "  policy: p.yaml (sha256 ...)"), actual)).isNull();
    assertThat(DocCommands.firstMissingLine(List.of("  reason: no ... matched", "done"), actual))
        .isNull();
    assertThat(DocCommands.firstMissingLine(List.of("done", "write_file: DENY"), actual))
        .isEqualTo("write_file: DENY");
    assertThat(DocCommands.firstMissingLine(List.of("write_file: ALLOW"), actual))
        .isEqualTo("write_file: ALLOW");
    assertThat(DocCommands.firstMissingLine(List.of("file: DENY"), actual))
        .as("a shown line is a whole line, not a part of one").isEqualTo("file: DENY");
  }
}
