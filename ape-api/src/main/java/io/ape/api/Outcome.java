package io.ape.api;

/**
 * The three possible outcomes of a policy decision.
 *
 * <p>Only {@link #ALLOW} permits execution; {@link #ESCALATE} means a human (or another
 * trusted resolver) must approve first, and {@link #DENY} is final.
 *
 * @since 0.1.0
 */
public enum Outcome {
  /** The action may run, with a single-use authority token. */
  ALLOW,
  /** The action must not run. */
  DENY,
  /** The action may run only after an explicit, trusted approval. */
  ESCALATE;

  /** Returns {@code true} only for {@link #ALLOW}. */
  public boolean permitsExecution() {
    return this == ALLOW;
  }

  /**
   * Parses a policy keyword ({@code allow}, {@code deny}, {@code escalate}), case-sensitively.
   *
   * @throws IllegalArgumentException for anything else, including {@code null}
   */
  public static Outcome fromKeyword(String keyword) {
    if (keyword != null) {
      switch (keyword) {
        case "allow": return ALLOW;
        case "deny": return DENY;
        case "escalate": return ESCALATE;
        default: break;
      }
    }
    throw new IllegalArgumentException(
        "decision must be one of allow, deny, escalate, but was " + keyword);
  }

  /** The lower-case keyword used in policy files. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
