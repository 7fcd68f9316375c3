package io.ape.api;

import java.util.Objects;

/**
 * A position in a policy source, for error messages and {@code explain} output.
 *
 * @param source the source name (usually a file path)
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 *
 * @since 0.1.0
 */
public record SourceLocation(String source, int line, int column) {
  public SourceLocation {
    Objects.requireNonNull(source, "source");
  }

  /** A location with only a source name. */
  public static SourceLocation of(String source) {
    return new SourceLocation(source, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
