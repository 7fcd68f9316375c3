package io.ape.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ape init [--template NAME] [-o FILE] [--force] [--list] [--json]}. */
@Command(
    name = "init",
    header = "Write a commented starter policy.",
    description = "Prints a starter policy, or writes it to FILE with -o (never overwriting an "
        + "existing file without --force). The templates are the bundled policies "
        + "(minimal_safe, the default, read_only, filesystem_scoped, human_in_loop, "
        + "development) and blank-rules, an empty policy in the rules format; each is commented "
        + "(what it allows, what to adapt) and passes validate --strict. --list describes them.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape init -o policies/agent.yaml",
        "  ape init --template filesystem_scoped -o policies/files.yaml",
        "  ape init --list",
        "  ape init --template read_only > read_only.yaml"
    })
final class InitCommand extends CliCommand {
  @Option(names = {"-t", "--template"}, paramLabel = "NAME",
      defaultValue = PolicyTemplates.DEFAULT, completionCandidates = PolicyTemplates.Names.class,
      description = "The template: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the policy to FILE instead of stdout.")
  Path outputFile;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Option(names = "--list", description = "List the templates and exit.")
  boolean list;

  @Option(names = "--json", description = "Print the result as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    if (list) {
      if (outputFile != null || force) {
        throw new CliUsageException("--list cannot be combined with -o or --force");
      }
      printList(out);
      return ExitCode.OK;
    }
    if (force && outputFile == null) {
      throw new CliUsageException("--force only applies to -o FILE");
    }
    PolicyTemplates.Template chosen = PolicyTemplates.find(template).orElseThrow(() ->
        new CliUsageException("unknown template '" + template + "'; choose one of: "
            + String.join(", ", PolicyTemplates.names())));
    String text = PolicyTemplates.text(chosen);
    if (outputFile != null) {
      OutputFiles.write(outputFile, text, force);
    }
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("template", chosen.name());
      doc.put("output", outputFile == null ? null : outputFile.toString());
      doc.put("policy", text);
      out.json(doc);
    } else if (outputFile == null) {
      out.raw(text);
    } else {
      out.line("Wrote the " + chosen.name() + " starter policy to " + Text.printable(outputFile)
          + ".");
      out.line("Next: read its comments, adapt it, then run: ape validate --strict "
          + Text.printable(outputFile));
      out.flush();
    }
    return ExitCode.OK;
  }

  private static void printList(Output out) {
    List<PolicyTemplates.Template> all = PolicyTemplates.all();
    if (out.isJson()) {
      out.json(Map.of("templates", all.stream().map(t -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("default", t.name().equals(PolicyTemplates.DEFAULT));
        m.put("summary", t.summary());
        return m;
      }).toList()));
      return;
    }
    int width = all.stream().mapToInt(t -> t.name().length()).max().orElse(0);
    for (PolicyTemplates.Template t : all) {
      out.line(t.name() + " ".repeat(width - t.name().length() + 2) + t.summary());
    }
    out.flush();
  }
}
