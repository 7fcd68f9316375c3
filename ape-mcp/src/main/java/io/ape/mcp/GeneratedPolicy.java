package io.ape.mcp;

import java.util.Objects;

/**
 * A policy generated from a scan, and its risk report.
 *
 * @param yaml the policy in APE's YAML format (default deny; contains placeholders to fill in
 *     whenever {@link RiskReport#placeholderCount()} is positive)
 * @param report what the policy does with each tool and what to review
 */
public record GeneratedPolicy(String yaml, RiskReport report) {
  public GeneratedPolicy {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(report, "report");
  }

  /** {@code true} if the policy still contains placeholders ({@code ape validate --strict} refuses it). */
  public boolean hasPlaceholders() {
    return PolicyPlaceholders.containsPlaceholders(yaml);
  }
}
