package io.ape.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every {@code ape} command. Documented in {@code ape --help}. */
public final class ExitCode {
  /** The command did what was asked (a DENY from {@code simulate} is still a success). */
  public static final int OK = 0;
  /**
   * An error that is not one of the below (I/O, internal error, an MCP configuration without
   * servers, an output file that exists without {@code --force}); also a failed check: a case
   * of {@code ape test} that did not get its expected decision, or a decision named by
   * {@code simulate --fail-on}.
   */
  public static final int ERROR = 1;
  /**
   * An answer the caller asked to be told by the exit code: {@code diff --exit-code} found
   * differences, {@code test-prompt --fail-on} matched the verdict. The same number as
   * {@link #ERROR}, as in {@code git diff --exit-code}; {@code --json} tells them apart.
   */
  public static final int FLAGGED = 1;
  /** The command line was wrong: unknown option, missing argument, malformed parameter. */
  public static final int USAGE = 2;
  /**
   * A policy (or other input document, such as an MCP configuration) is invalid; also
   * {@code validate --strict} failures.
   */
  public static final int INVALID_POLICY = 3;
  /** A file named on the command line does not exist (or is not a regular file). */
  public static final int FILE_NOT_FOUND = 4;

  private ExitCode() {}

  /** Code → description, for the usage help. */
  static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(OK), "Success. simulate, simulate-batch and explain exit 0 for every "
        + "decision, including DENY and ESCALATE: the decision is the output (unless --fail-on "
        + "names it).");
    codes.put(String.valueOf(ERROR), "Error (I/O error, internal error, an MCP configuration "
        + "without servers, an output file that exists without --force), or a failed check: "
        + "an ape test case that did not get its expected decision, a decision or verdict named "
        + "by --fail-on, policies that differ under diff --exit-code.");
    codes.put(String.valueOf(USAGE), "Usage error (unknown option, missing argument, malformed "
        + "--param or --params-json).");
    codes.put(String.valueOf(INVALID_POLICY), "Invalid policy or MCP configuration (syntax, "
        + "validation, limits; validate --strict: any warning, e.g. default allow or TODO "
        + "placeholders).");
    codes.put(String.valueOf(FILE_NOT_FOUND), "File not found.");
    return codes;
  }
}
