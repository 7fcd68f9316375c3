package io.ape.api;

/**
 * How the rules of one action combine ({@code combining:} at the top of a policy).
 *
 * @since 0.2.0
 */
public enum CombiningAlgorithm {
  /**
   * The rules are tried in file order and the first that matches decides (the default, and the
   * only behaviour before 0.2). Written {@code first_match}.
   */
  FIRST_MATCH,
  /**
   * Any matching DENY rule wins, then any matching ESCALATE rule, then the first matching
   * ALLOW rule, whatever their order in the file (as Cedar's {@code forbid} overrides
   * {@code permit}). Written {@code deny_overrides}.
   */
  DENY_OVERRIDES;

  /** The keyword used in policy files ({@code first_match}, {@code deny_overrides}). */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a keyword, case-sensitively.
   *
   * @throws IllegalArgumentException for anything else, including {@code null}
   */
  public static CombiningAlgorithm fromKeyword(String keyword) {
    for (CombiningAlgorithm c : values()) {
      if (c.keyword().equals(keyword)) {
        return c;
      }
    }
    throw new IllegalArgumentException("combining must be first_match or deny_overrides, but was "
        + keyword);
  }
}
