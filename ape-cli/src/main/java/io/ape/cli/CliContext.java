package io.ape.cli;

import java.util.Objects;

/**
 * Everything a command needs from outside itself: the environment and the policy engine.
 * Built once per run; tests build their own.
 *
 * @param environment environment variables and whether stdout is a terminal
 * @param policies loads policy files
 */
public record CliContext(CliEnvironment environment, PolicyLoader policies) {
  public CliContext {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(policies, "policies");
  }

  /** The real process environment and the real engine. */
  public static CliContext system() {
    return new CliContext(CliEnvironment.system(), new EnginePolicyLoader());
  }

  /** The real engine with the given environment. */
  public static CliContext withEnvironment(CliEnvironment environment) {
    return new CliContext(environment, new EnginePolicyLoader());
  }
}
