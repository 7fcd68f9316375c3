package io.ape.cli;

import io.ape.audit.JsonlAuditSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of an audit log named on the command line, with the CLI's file checks. */
final class AuditFiles {
  private AuditFiles() {}

  /**
   * The files to read, oldest first. One argument stands for the whole log (its rotated
   * segments follow it); several arguments are taken literally, in the order given.
   *
   * @throws MissingFileException (exit 4) if a named file is missing or not a regular file
   */
  static List<Path> resolve(List<Path> named) {
    for (Path p : named) {
      InputFiles.requireRegularFile(p);
    }
    if (named.size() == 1) {
      List<Path> segments = JsonlAuditSink.files(named.get(0));
      return segments.isEmpty() ? List.copyOf(named) : segments;
    }
    return List.copyOf(new ArrayList<>(named));
  }

  /** Prints a multi-line report from ape-audit on stdout, each line made printable. */
  static void printReport(Output out, String report) {
    for (String line : report.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.line(Text.printable(line));
      }
    }
    out.flush();
  }

  /** A JSON document rendered by ape-audit, re-read so the CLI prints it in its own style. */
  static Object document(String json) {
    return Json.read(json, "audit result");
  }
}
