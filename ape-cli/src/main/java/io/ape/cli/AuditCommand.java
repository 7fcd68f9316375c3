package io.ape.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ape audit verify|show|replay|stats}: read, check and replay APE audit logs. */
@Command(
    name = "audit",
    header = "Verify, show, replay and count APE audit logs (JSON lines, hash-chained).",
    description = "Works on the files the JSON-lines audit sink writes (e.g. with "
        + "`ape simulate --audit-log FILE`). A single FILE stands for the whole log: its "
        + "rotated segments FILE.1, FILE.2, ... are read after it.",
    subcommands = {
        AuditVerifyCommand.class,
        AuditShowCommand.class,
        AuditReplayCommand.class,
        AuditStatsCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit verify audit.jsonl",
        "  ape audit show audit.jsonl --decision deny --since 2026-01-01T00:00:00Z",
        "  ape audit replay audit.jsonl --policy new-policy.yaml",
        "  ape audit stats audit.jsonl --json"
    })
final class AuditCommand extends CliCommand {
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
