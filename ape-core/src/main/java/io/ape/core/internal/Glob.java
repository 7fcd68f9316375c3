package io.ape.core.internal;

import com.google.re2j.Pattern;

/**
 * A compiled glob. Syntax: {@code *} matches any sequence of characters (including none, and
 * including {@code /} and {@code .}: it crosses path separators and dots, like Python's
 * {@code fnmatch}); {@code ?} matches exactly one character (one Unicode code point); every
 * other character matches itself. There are no character classes and no escapes
 * ({@code [} and {@code \} are literal). Matching is always case-sensitive, on every platform,
 * and anchored at both ends. Matching runs in linear time (RE2/J for the general case).
 */
public final class Glob {
  private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, PATTERN }

  private final String glob;
  private final Kind kind;
  private final String literal;
  private final Pattern pattern;

  private Glob(String glob, Kind kind, String literal, Pattern pattern) {
    this.glob = glob;
    this.kind = kind;
    this.literal = literal;
    this.pattern = pattern;
  }

  /** Compiles a glob. */
  public static Glob compile(String glob) {
    boolean question = glob.indexOf('?') >= 0;
    int stars = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*') {
        stars++;
      }
    }
    if (!question) {
      if (stars == 0) {
        return new Glob(glob, Kind.EXACT, glob, null);
      }
      boolean leading = glob.startsWith("*");
      boolean trailing = glob.endsWith("*");
      String inner = glob.substring(leading ? 1 : 0, glob.length() - (trailing && glob.length() > 1 ? 1 : 0));
      if (inner.indexOf('*') < 0) {
        if (leading && trailing) {
          return new Glob(glob, Kind.CONTAINS, inner, null);
        }
        if (trailing) {
          return new Glob(glob, Kind.PREFIX, inner, null);
        }
        if (leading) {
          return new Glob(glob, Kind.SUFFIX, inner, null);
        }
      }
    }
    StringBuilder regex = new StringBuilder("(?s)");
    StringBuilder literalRun = new StringBuilder();
    for (int i = 0; i < glob.length(); ) {
      int cp = glob.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '*' || cp == '?') {
        if (literalRun.length() > 0) {
          regex.append(Pattern.quote(literalRun.toString()));
          literalRun.setLength(0);
        }
        regex.append(cp == '*' ? ".*" : ".");
      } else {
        literalRun.appendCodePoint(cp);
      }
    }
    if (literalRun.length() > 0) {
      regex.append(Pattern.quote(literalRun.toString()));
    }
    return new Glob(glob, Kind.PATTERN, null, Pattern.compile(regex.toString()));
  }

  /** {@code true} if the glob has no wildcard. */
  public boolean isExact() {
    return kind == Kind.EXACT;
  }

  /** Whether {@code value} matches the whole glob. */
  public boolean matches(String value) {
    switch (kind) {
      case EXACT:
        return value.equals(literal);
      case PREFIX:
        return value.startsWith(literal);
      case SUFFIX:
        return value.endsWith(literal);
      case CONTAINS:
        return value.contains(literal);
      default:
        return pattern.matches(value);
    }
  }

  @Override
  public String toString() {
    return glob;
  }
}
