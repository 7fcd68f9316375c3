package io.ape.api;

import java.util.Objects;

/**
 * A policy file does not exist. Separate from other {@link PolicyException}s so that tools can
 * tell "nothing there" from "something invalid there" (the CLI maps it to exit code 4).
 *
 * @since 0.1.0
 */
public class PolicyNotFoundException extends PolicyException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path the path that was looked up, as given
   */
  public PolicyNotFoundException(String path) {
    super("Policy file not found: " + Objects.requireNonNull(path, "path")
        + ". Check the path, or pass a policy object instead of a file.");
    this.path = path;
  }

  /** The path that was looked up, as given. */
  public String path() {
    return path;
  }
}
