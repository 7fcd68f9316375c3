package io.ape.api;

import java.util.Objects;

/**
 * Where a policy came from and the digest that identifies it.
 *
 * @param name the source name (usually the file path)
 * @param format the parser format id, e.g. {@code yaml} or {@code json}
 * @param sha256 lower-case hex SHA-256 of the raw bytes: the policy version in every decision
 *
 * @since 0.1.0
 */
public record PolicySource(String name, String format, String sha256) {
  public PolicySource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sha256, "sha256");
  }
}
