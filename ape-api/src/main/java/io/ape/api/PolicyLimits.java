package io.ape.api;

/**
 * Limits a policy parser enforces against hostile or accidental huge inputs. Each limit
 * exceeded ends in a {@link PolicyLimitException} (a {@link PolicyParseException}) that names
 * the limit ({@link PolicyLimitException#limit()}: the component's name, e.g.
 * {@code maxBytes}) and its value.
 *
 * @param maxBytes maximum size of the raw document
 * @param maxNestingDepth maximum nesting of mappings and sequences
 * @param maxAliases maximum number of YAML aliases (alias-bomb protection)
 * @param maxRules maximum number of rules
 * @param maxStringLength maximum length of any scalar, in characters
 * @param maxListEntries maximum number of entries of any list (action lists, allowlists)
 *
 * @since 0.1.0
 */
public record PolicyLimits(
    long maxBytes,
    int maxNestingDepth,
    int maxAliases,
    int maxRules,
    int maxStringLength,
    int maxListEntries) {

  private static final PolicyLimits DEFAULTS =
      new PolicyLimits(8L * 1024 * 1024, 64, 100, 100_000, 64 * 1024, 100_000);

  public PolicyLimits {
    if (maxBytes <= 0 || maxNestingDepth <= 0 || maxAliases < 0 || maxRules < 0
        || maxStringLength <= 0 || maxListEntries < 0) {
      throw new IllegalArgumentException("policy limits must be positive");
    }
  }

  /**
   * The defaults: 8 MiB, depth 64, 100 aliases, 100 000 rules, 64 KiB strings, 100 000 list
   * entries.
   */
  public static PolicyLimits defaults() {
    return DEFAULTS;
  }

  /** A copy with another maximum size. */
  public PolicyLimits withMaxBytes(long bytes) {
    return new PolicyLimits(bytes, maxNestingDepth, maxAliases, maxRules, maxStringLength, maxListEntries);
  }

  /** A copy with another maximum nesting depth. */
  public PolicyLimits withMaxNestingDepth(int depth) {
    return new PolicyLimits(maxBytes, depth, maxAliases, maxRules, maxStringLength, maxListEntries);
  }

  /** A copy with another maximum number of aliases. */
  public PolicyLimits withMaxAliases(int aliases) {
    return new PolicyLimits(maxBytes, maxNestingDepth, aliases, maxRules, maxStringLength, maxListEntries);
  }

  /** A copy with another maximum number of rules. */
  public PolicyLimits withMaxRules(int rules) {
    return new PolicyLimits(maxBytes, maxNestingDepth, maxAliases, rules, maxStringLength, maxListEntries);
  }

  /** A copy with another maximum string length. */
  public PolicyLimits withMaxStringLength(int length) {
    return new PolicyLimits(maxBytes, maxNestingDepth, maxAliases, maxRules, length, maxListEntries);
  }

  /** A copy with another maximum list size. */
  public PolicyLimits withMaxListEntries(int entries) {
    return new PolicyLimits(maxBytes, maxNestingDepth, maxAliases, maxRules, maxStringLength, entries);
  }
}
