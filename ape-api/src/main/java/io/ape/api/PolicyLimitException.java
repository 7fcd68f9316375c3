package io.ape.api;

/**
 * A policy document exceeded one of the configured {@link PolicyLimits}.
 *
 * @since 0.1.0
 */
public class PolicyLimitException extends PolicyParseException {
  private static final long serialVersionUID = 1L;

  private final String limit;
  private final long maximum;

  /**
   * Creates the exception.
   *
   * @param location where the limit was exceeded
   * @param limit the limit's name, e.g. {@code maxNestingDepth}
   * @param maximum the configured maximum
   * @param problem what exceeded it
   */
  public PolicyLimitException(SourceLocation location, String limit, long maximum, String problem) {
    super(location, "", problem + " (limit " + limit + " = " + maximum + ")");
    this.limit = limit;
    this.maximum = maximum;
  }

  /** The limit's name. */
  public String limit() {
    return limit;
  }

  /** The configured maximum. */
  public long maximum() {
    return maximum;
  }
}
