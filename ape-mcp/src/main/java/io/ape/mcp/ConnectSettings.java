package io.ape.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a connected scan reaches servers.
 *
 * @param workingDirectory where stdio servers start when their entry has no {@code cwd}, and what
 *     a relative {@code cwd} is resolved against; also {@code ${workspaceFolder}}
 * @param environment variables for {@code ${VAR}}, {@code ${env:VAR}} and
 *     {@code ${VAR:-default}} in entries (usually the process environment)
 * @param timeout the limit for one request (handshake, one page of tools)
 */
public record ConnectSettings(Path workingDirectory, Map<String, String> environment, Duration timeout) {
  public ConnectSettings {
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  @Override
  public String toString() {
    return "ConnectSettings[workingDirectory=" + workingDirectory + ", environment=("
        + environment.size() + " variables), timeout=" + timeout + "]";
  }
}
