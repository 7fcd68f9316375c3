package io.ape.api;

/**
 * A policy document could not be read: malformed syntax, a limit exceeded, a duplicate key,
 * a wrong type. Always names the source, and the line and column when known.
 *
 * @since 0.1.0
 */
public class PolicyParseException extends PolicyException {
  private static final long serialVersionUID = 1L;

  private final SourceLocation location;
  private final String path;

  /**
   * Creates the exception.
   *
   * @param location where the problem is
   * @param path the document path ({@code rules[2].conditions}), or {@code ""}
   * @param problem what is wrong
   */
  public PolicyParseException(SourceLocation location, String path, String problem) {
    super(format(location, path, problem));
    this.location = location;
    this.path = path == null ? "" : path;
  }

  /** Same, with the underlying cause (never shown to users as a stack trace). */
  public PolicyParseException(SourceLocation location, String path, String problem, Throwable cause) {
    super(format(location, path, problem), cause);
    this.location = location;
    this.path = path == null ? "" : path;
  }

  /** Where the problem is. */
  public SourceLocation location() {
    return location;
  }

  /** The document path, or {@code ""}. */
  public String path() {
    return path;
  }

  private static String format(SourceLocation location, String path, String problem) {
    return location + ((path == null || path.isEmpty()) ? "" : " (" + path + ")") + ": " + problem;
  }
}
