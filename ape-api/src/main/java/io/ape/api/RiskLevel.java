package io.ape.api;

/**
 * Risk classification of an action, from the seed's risk table.
 *
 * <p>{@link #score()} is the documented contribution of one executed action to a session's
 * cumulative risk: MINIMAL 0.0, LOW 0.1, MODERATE 0.4, HIGH 0.6, CRITICAL 1.0. MODERATE is
 * 0.4 because the seed's session example reads a file (read_file, MINIMAL) and writes it
 * (write_file, MODERATE) and reports a cumulative risk of 0.4; the seed fixes no other value.
 *
 * @since 0.1.0
 */
public enum RiskLevel {
  /** Read-only, no side effects. Allowed by default. */
  MINIMAL(0.0),
  /** Reversible side effects. */
  LOW(0.1),
  /** Irreversible but recoverable. */
  MODERATE(0.4),
  /** Potentially destructive. Requires escalation and trusted parameters by default. */
  HIGH(0.6),
  /** Always escalates; requires trusted parameters. */
  CRITICAL(1.0);

  private final double score;

  RiskLevel(double score) {
    this.score = score;
  }

  /** The cumulative-risk contribution of one action at this level. */
  public double score() {
    return score;
  }

  /** {@code true} for HIGH and CRITICAL, whose parameters must be trusted by default. */
  public boolean requiresTrustedParameters() {
    return this == HIGH || this == CRITICAL;
  }
}
