package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/**
 * {@code max_bytes: 1048576}: the value is a string whose UTF-8 encoding is at most that many
 * bytes. A string with an unpaired surrogate (not valid Unicode, not encodable) fails. This is
 * a size check, so control characters (newlines in file content) are accepted.
 */
final class MaxBytesOperator implements ConditionOperator {
  static final String NAME = "max_bytes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    return new Compiled(Arguments.wholeNumber(spec, spec.argument(), "max_bytes"));
  }

  /**
   * The UTF-8 length of {@code s}, or -1 if it has an unpaired surrogate; counting stops early
   * once {@code stopAbove} is exceeded (the result is then some value above it).
   */
  static long utf8Length(String s, long stopAbove) {
    long bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 4;
          i++;
        } else {
          return -1;
        }
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        bytes += 3;
      }
      if (bytes > stopAbove) {
        return bytes;
      }
    }
    return bytes;
  }

  private static final class Compiled implements CompiledCondition {
    private final long limit;

    Compiled(long limit) {
      this.limit = limit;
    }

    @Override
    public boolean test(Object value) {
      if (!(value instanceof String s)) {
        return false;
      }
      // Cheap bounds first: every char is 1 to 3 bytes (a surrogate pair is 4 for 2 chars).
      if ((long) s.length() * 3 <= limit) {
        return utf8Length(s, limit) >= 0;
      }
      long n = utf8Length(s, limit);
      return n >= 0 && n <= limit;
    }

    @Override
    public boolean refuses(Object value) {
      return !(value instanceof String s) || utf8Length(s, Long.MAX_VALUE) < 0;
    }

    @Override
    public String describeFailure(Object value) {
      if (!(value instanceof String s)) {
        return "value " + Values.printable(value) + " is " + Values.typeName(value)
            + ", not a string";
      }
      long n = utf8Length(s, Long.MAX_VALUE);
      if (n < 0) {
        return "value " + Values.printable(s) + " contains an unpaired surrogate (not valid Unicode)";
      }
      return "value is " + n + " bytes in UTF-8, more than the maximum of " + limit;
    }
  }
}
