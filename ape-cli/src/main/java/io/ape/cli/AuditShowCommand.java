package io.ape.cli;

import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.AuditQuery;
import io.ape.audit.AuditReader;
import io.ape.audit.AuditRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape audit show FILE [--session ID] [--action ID] [--decision D] [--since T] [--json]}. */
@Command(
    name = "show",
    header = "Print the records of an audit log, optionally filtered.",
    description = "Prints one summary line per matching record (with --json: every matching "
        + "record in full). Filters combine (all must match). This command reads; it does "
        + "not verify the hash chain: use `ape audit verify` for that.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit show audit.jsonl --decision deny",
        "  ape audit show audit.jsonl --session s-42 --since 2026-11-24T10:00:00Z --json"
    })
final class AuditShowCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The audit log file.")
  Path file;

  @Option(names = "--session", paramLabel = "ID", description = "Only records of this session.")
  String session;

  @Option(names = "--action", paramLabel = "ID", description = "Only records of this action.")
  String action;

  @Option(names = "--decision", paramLabel = "D",
      description = "Only decisions with this outcome: allow, deny or escalate.")
  String decision;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Only events of this type, e.g. DECISION, TOKEN_ISSUED.")
  String type;

  @Option(names = "--since", paramLabel = "T",
      description = "Only records at or after T: an instant (2026-11-24T10:00:00Z) or a date "
          + "(2026-11-24, midnight UTC).")
  String since;

  @Option(names = "--json", description = "Print the records as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    AuditQuery query = query();
    List<Path> files = AuditFiles.resolve(List.of(file));
    List<Object> records = new ArrayList<>();
    AuditReader.Summary summary = AuditReader.withDefaults().forEach(files, query,
        (AuditRecord r) -> {
          if (out.isJson()) {
            records.add(AuditFiles.document(r.toJson()));
          } else {
            out.line(Text.printable(r.toText()));
          }
        });
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("files", files.stream().map(Path::toString).toList());
      doc.put("scanned", summary.scanned());
      doc.put("matched", summary.matched());
      doc.put("torn_tail", summary.tornTail().map(t -> t.describe()).orElse(null));
      doc.put("records", records);
      out.json(doc);
    } else {
      out.line(summary.matched() + " of " + summary.scanned() + " record(s) shown");
      summary.tornTail().ifPresent(t -> out.line("note: " + Text.printable(t.describe())));
      out.flush();
    }
    return ExitCode.OK;
  }

  private AuditQuery query() {
    AuditQuery q = AuditQuery.all();
    if (session != null) {
      q = q.withSession(session);
    }
    if (action != null) {
      q = q.withAction(action);
    }
    if (decision != null) {
      q = q.withDecision(outcome(decision));
    }
    if (type != null) {
      q = q.withType(eventType(type));
    }
    if (since != null) {
      q = q.withSince(instant(since));
    }
    return q;
  }

  static Outcome outcome(String text) {
    try {
      return Outcome.fromKeyword(text.toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new CliUsageException("--decision must be allow, deny or escalate, but was '"
          + Text.printable(text) + "'", e);
    }
  }

  static AuditEventType eventType(String text) {
    try {
      return AuditEventType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("--type must be an audit event type (e.g. DECISION), but was '"
          + Text.printable(text) + "'", e);
    }
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new CliUsageException("--since must be an instant such as 2026-11-24T10:00:00Z "
            + "or a date such as 2026-11-24, but was '" + Text.printable(text) + "'", e);
      }
    }
  }
}
