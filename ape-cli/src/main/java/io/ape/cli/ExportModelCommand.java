package io.ape.cli;

import io.ape.core.model.FormalModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ape export-model [--format json|dot|tla] [-o FILE]}. */
@Command(
    name = "export-model",
    header = "Export the formal model of the authority life cycle.",
    description = "Prints the runtime state machine, the token life cycle and the invariants APE "
        + "enforces, as JSON (canonical), Graphviz DOT or a TLA+ module. The model is the one "
        + "the engine is built on; the output is the same on every run.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape export-model --format json",
        "  ape export-model --format dot -o authority.dot && dot -Tsvg authority.dot > authority.svg",
        "  ape export-model --format tla -o ApeAuthority.tla"
    })
final class ExportModelCommand extends CliCommand {
  /** The export formats. */
  enum ModelFormat { json, dot, tla }

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
      description = "json, dot or tla (default: ${DEFAULT-VALUE}).")
  ModelFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the model to FILE instead of stdout (the file is replaced).")
  Path output;

  @Override
  public Integer call() throws IOException {
    String text = render(format);
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
    Files.writeString(output, text, StandardCharsets.UTF_8);
    return ExitCode.OK;
  }

  static String render(ModelFormat format) {
    switch (format) {
      case dot:
        return FormalModel.toDot();
      case tla:
        return FormalModel.toTla();
      case json:
      default:
        return FormalModel.toJson();
    }
  }
}
