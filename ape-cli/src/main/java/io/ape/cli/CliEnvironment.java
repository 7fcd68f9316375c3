package io.ape.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from the process environment, behind one seam so that tests can inject it.
 * Nothing else in the CLI calls {@link System#getenv} or {@link System#console}.
 *
 * @param variables the environment variables (copied, unmodifiable)
 * @param terminal whether stdout is an interactive terminal
 */
public record CliEnvironment(Map<String, String> variables, boolean terminal) {
  /** Disables colour when present and not empty (https://no-color.org). */
  public static final String NO_COLOR = "NO_COLOR";
  /** {@code APE_DEBUG=1} (or {@code true}) shows stack traces of errors, like {@code --verbose}. */
  public static final String APE_DEBUG = "APE_DEBUG";

  public CliEnvironment {
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  /** The environment of this process. */
  public static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), System.console() != null);
  }

  /** A variable's value, if set. */
  public Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  /** Colour only on a terminal, and never when {@code NO_COLOR} is set to a non-empty value. */
  public boolean colourEnabled() {
    return terminal && variable(NO_COLOR).map(String::isEmpty).orElse(true);
  }

  /** Whether {@code APE_DEBUG} asks for stack traces. */
  public boolean debug() {
    return variable(APE_DEBUG).map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
  }
}
