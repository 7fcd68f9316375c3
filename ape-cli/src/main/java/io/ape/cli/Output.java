package io.ape.cli;

import io.ape.api.Outcome;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Where and how a command prints: stdout and stderr are picocli's writers (so tests capture
 * them), JSON goes to stdout alone, human text may be coloured (only on a terminal, never with
 * {@code NO_COLOR}, never in JSON), and warnings go to stderr. Callers pass untrusted text
 * through {@link Text#printable} (the helpers here do so for what they are given).
 */
final class Output {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean colour;

  Output(CommandLine commandLine, CliEnvironment environment, boolean json) {
    this.out = commandLine.getOut();
    this.err = commandLine.getErr();
    this.json = json;
    this.colour = !json && environment.colourEnabled();
  }

  /** Whether this command prints JSON. */
  boolean isJson() {
    return json;
  }

  /** Prints one JSON document on stdout (nothing else is printed on stdout in JSON mode). */
  void json(Object value) {
    out.println(Json.write(value));
    out.flush();
  }

  /** Prints a line of human output on stdout. The caller has made untrusted parts printable. */
  void line(String text) {
    out.println(text);
  }

  /**
   * Prints a document the command generated (e.g. a policy) on stdout exactly as given, ending
   * with a newline. Only for text the command built itself from escaped parts.
   */
  void raw(String text) {
    out.print(text);
    if (!text.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }

  /**
   * Prints a line of human output on stderr, made printable: the report that accompanies a
   * document printed on stdout.
   */
  void note(String text) {
    err.println(Text.printable(text));
  }

  /** Prints an empty line on stdout. */
  void blank() {
    out.println();
  }

  /** Prints {@code subject: warning: message} on stderr. */
  void warn(String subject, String message) {
    err.println(Text.printable(subject) + ": warning: " + Text.printable(message));
    err.flush();
  }

  /** Prints {@code subject: error: message} on stderr. */
  void error(String subject, String message) {
    err.println((subject.isEmpty() ? "" : Text.printable(subject) + ": ") + "error: "
        + Text.printable(message));
    err.flush();
  }

  /** Flushes both streams. */
  void flush() {
    out.flush();
    err.flush();
  }

  /** The outcome's name, coloured when colour is on: ALLOW green, DENY red, ESCALATE yellow. */
  String outcome(Outcome outcome) {
    String name = outcome.name();
    if (!colour) {
      return name;
    }
    switch (outcome) {
      case ALLOW: return BOLD + GREEN + name + RESET;
      case DENY: return BOLD + RED + name + RESET;
      default: return BOLD + YELLOW + name + RESET;
    }
  }

  /** The outcome's name padded to {@code width} columns (padding outside the colour codes). */
  String outcome(Outcome outcome, int width) {
    return outcome(outcome) + " ".repeat(Math.max(0, width - outcome.name().length()));
  }

  /** {@code text} in bold when colour is on. */
  String bold(String text) {
    return colour ? BOLD + text + RESET : text;
  }

  /** {@code text} in red when colour is on (for problems). */
  String red(String text) {
    return colour ? RED + text + RESET : text;
  }

  /** {@code text} in yellow when colour is on (for warnings). */
  String yellow(String text) {
    return colour ? YELLOW + text + RESET : text;
  }
}
