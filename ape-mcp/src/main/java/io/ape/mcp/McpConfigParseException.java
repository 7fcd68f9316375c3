package io.ape.mcp;

/**
 * The MCP configuration is not valid JSON, or its top level or server section has the wrong
 * type (a command line reports it with exit code 3).
 *
 * <p>{@link #line()} and {@link #column()} are 1-based and point at the problem when it is a
 * syntax error; they are 0 when the position is not known (a structural problem, reported with
 * its JSON path instead). The message never repeats a value from the file that could be a
 * secret: an unrecognised token is named only by its position.
 */
public class McpConfigParseException extends McpConfigException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param file the file as the caller named it
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param problem what is wrong (already free of secret values)
   * @param cause the underlying parser exception, or {@code null}
   */
  public McpConfigParseException(String file, int line, int column, String problem, Throwable cause) {
    super(format(file, line, column, problem), cause);
    this.file = file;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.problem = problem;
  }

  /** The file as the caller named it. */
  public String file() {
    return file;
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location prefix. */
  public String problem() {
    return problem;
  }

  private static String format(String file, int line, int column, String problem) {
    String where = line > 0 ? file + ":" + line + ":" + column : file;
    return "invalid MCP configuration " + where + ": " + problem;
  }
}
