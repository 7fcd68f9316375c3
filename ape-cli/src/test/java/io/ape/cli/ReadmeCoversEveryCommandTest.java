package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** README-cli.md documents every command the root command registers, under its own heading. */
class ReadmeCoversEveryCommandTest {
  private static final Path README = Path.of("README-cli.md");

  private static List<String> headings() throws IOException {
    return Files.readAllLines(README, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("## ") || l.startsWith("### "))
        .toList();
  }

  private static CommandLine root() {
    return ApeCommand.commandLine(new CliContext(new CliEnvironment(null, false), new FakePolicies()),
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @Test
  void everySubcommandOfTheRootCommandHasAHeading() throws IOException {
    List<String> headings = headings();
    assertThat(root().getSubcommands()).isNotEmpty();
    root().getSubcommands().keySet().forEach(name -> {
      Pattern heading = Pattern.compile("`ape " + Pattern.quote(name) + "[ `]");
      assertThat(headings).as("a ## or ### heading naming `ape %s` in README-cli.md", name)
          .anyMatch(h -> heading.matcher(h).find());
    });
  }

  @Test
  void everySubcommandOfAGroupHasAHeadingToo() throws IOException {
    List<String> headings = headings();
    root().getSubcommands().forEach((name, sub) -> sub.getSubcommands().keySet().forEach(child -> {
      Pattern heading = Pattern.compile("`ape " + Pattern.quote(name + " " + child) + "[ `]");
      assertThat(headings).as("a heading naming `ape %s %s` in README-cli.md", name, child)
          .anyMatch(h -> heading.matcher(h).find());
    }));
  }

  @Test
  void theNewlyDocumentedCommandsShowAnExampleRun() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    assertThat(readme).contains("$ ape demo\n", "$ ape test-prompt ", "$ ape analyze ");
  }
}
