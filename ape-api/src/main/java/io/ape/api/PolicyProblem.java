package io.ape.api;

import java.util.Objects;

/**
 * One problem found while validating a policy.
 *
 * @param location where (file, line, column)
 * @param path the document path, e.g. {@code rules[3].conditions.path.prefix}
 * @param message what is wrong and how to fix it
 *
 * @since 0.1.0
 */
public record PolicyProblem(SourceLocation location, String path, String message) {
  public PolicyProblem {
    Objects.requireNonNull(location, "location");
    path = path == null ? "" : path;
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return location + (path.isEmpty() ? "" : " (" + path + ")") + ": " + message;
  }
}
