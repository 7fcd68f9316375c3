package io.ape.cli;

import io.ape.audit.AuditStatistics;
import io.ape.audit.AuditStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape audit stats FILE [--bucket D] [--json]}. */
@Command(
    name = "stats",
    header = "Count an audit log: events by type, decisions by outcome, action and rule, "
        + "denials over time.",
    description = "Reads every record (it does not verify the chain: use `ape audit verify`).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit stats audit.jsonl",
        "  ape audit stats audit.jsonl --bucket PT5M --json"
    })
final class AuditStatsCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The audit log file.")
  Path file;

  @Option(names = "--bucket", paramLabel = "D", defaultValue = "PT1H",
      description = "Width of the time buckets for denials over time, as an ISO-8601 duration "
          + "(default: ${DEFAULT-VALUE}).")
  String bucket;

  @Option(names = "--json", description = "Print the statistics as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    Duration width = duration(bucket);
    List<Path> files = AuditFiles.resolve(List.of(file));
    AuditStatistics stats = AuditStats.of(files, width);
    if (out.isJson()) {
      out.json(AuditFiles.document(stats.toJson()));
    } else {
      AuditFiles.printReport(out, stats.toText());
    }
    return ExitCode.OK;
  }

  private static Duration duration(String text) {
    try {
      Duration d = Duration.parse(text.toUpperCase(Locale.ROOT));
      if (d.toMillis() < 1) {
        throw new CliUsageException("--bucket must be at least 1 ms, but was " + text);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new CliUsageException("--bucket must be an ISO-8601 duration such as PT1H or PT5M, "
          + "but was '" + Text.printable(text) + "'", e);
    }
  }
}
