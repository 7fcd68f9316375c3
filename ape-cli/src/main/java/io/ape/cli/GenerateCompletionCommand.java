package io.ape.cli;

import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ape generate-completion [bash|zsh|fish]}. */
@Command(
    name = "generate-completion",
    header = "Print a shell completion script for every command and option.",
    description = "SHELL is bash (the default), zsh or fish. The bash script also works in zsh "
        + "(it uses zsh's bashcompinit); the fish script is made from the same command model. "
        + "An unknown shell is a usage error (exit 2).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  source <(ape generate-completion)                       # bash or zsh, this shell",
        "  ape generate-completion > /etc/bash_completion.d/ape    # bash, permanently",
        "  ape generate-completion fish > ~/.config/fish/completions/ape.fish"
    })
final class GenerateCompletionCommand extends CliCommand {
  /** The shells {@code SHELL} accepts. */
  static final List<String> SHELLS = List.of("bash", "zsh", "fish");

  /** Completion candidates of {@code SHELL}. */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return SHELLS.iterator();
    }
  }

  @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
      completionCandidates = Shells.class,
      description = "bash (default), zsh or fish.")
  String shell;

  @Override
  public Integer call() {
    String name = shell.strip().toLowerCase(Locale.ROOT);
    CommandLine root = spec.root().commandLine();
    String script = switch (name) {
      case "bash", "zsh" -> AutoComplete.bash(spec.root().name(), root);
      case "fish" -> FishCompletion.script(spec.root());
      default -> throw new CliUsageException("no completion for the shell '"
          + Text.printable(shell) + "': choose bash, zsh or fish");
    };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
