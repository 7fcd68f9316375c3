package io.ape.core.provenance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Numbers compared by value: {@code 100}, {@code 100.0}, {@code 1e2} and {@code 100L} have one
 * canonical form (the {@link BigDecimal} without trailing zeros, printed by
 * {@link BigDecimal#toString()}).
 *
 * <p>Two readings of text. The <em>strict</em> one, used for trusted text and for string values,
 * accepts only a plain ASCII literal without grouping or leading zeros ({@code 1,000} is not a
 * number there, so {@code 1} or {@code 1000} are never found in it). The <em>liberal</em> one,
 * used for untrusted text, reads every digit run it can, with either grouping convention, so it
 * errs towards "found in untrusted input".
 */
final class NumberForms {
  /** Longest literal read as a number. */
  static final int MAX_LITERAL = 64;
  /** Largest decimal exponent (either sign) compared by value. */
  private static final int MAX_SCALE = 9999;
  /** Most significant digits compared by value. */
  private static final int MAX_PRECISION = 64;

  private static final Pattern LIBERAL =
      Pattern.compile("[+-]?[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]{1,4})?");

  private NumberForms() {}

  /** Whether {@code n} is a finite number (not NaN or an infinity). */
  static boolean isFinite(Number n) {
    if (n instanceof Double d) {
      return Double.isFinite(d);
    }
    if (n instanceof Float f) {
      return Float.isFinite(f);
    }
    return true;
  }

  /**
   * The canonical form of a finite number, or {@code null} if it is too large to compare
   * (more than {@value #MAX_PRECISION} significant digits or an exponent beyond 9999).
   */
  static String canonical(Number n) {
    BigDecimal d;
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof AtomicInteger || n instanceof AtomicLong) {
      d = BigDecimal.valueOf(n.longValue());
    } else if (n instanceof BigInteger b) {
      if (b.bitLength() > 4 * MAX_PRECISION) {
        return null;
      }
      d = new BigDecimal(b);
    } else if (n instanceof BigDecimal b) {
      d = b;
    } else if (n instanceof Double x) {
      d = new BigDecimal(Double.toString(x));
    } else if (n instanceof Float x) {
      d = new BigDecimal(Float.toString(x));
    } else {
      return strict(n.toString());
    }
    return canonical(d);
  }

  /**
   * The canonical form of a strict literal, or {@code null} if {@code s} is not one. Strict:
   * {@code [+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,4})?}, ASCII only, at most
   * {@value #MAX_LITERAL} characters.
   */
  static String strict(String s) {
    if (!isStrictLiteral(s)) {
      return null;
    }
    return canonical(new BigDecimal(s));
  }

  /** Whether {@code s} is a strict literal (see {@link #strict}). */
  static boolean isStrictLiteral(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_LITERAL) {
      return false;
    }
    int i = 0;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      i++;
    }
    int intStart = i;
    while (i < n && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      int fracStart = ++i;
      while (i < n && isAsciiDigit(s.charAt(i))) {
        i++;
      }
      if (i == fracStart) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expStart = i;
      while (i < n && isAsciiDigit(s.charAt(i))) {
        i++;
      }
      if (i == expStart || i - expStart > 4) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Every number the liberal reading finds in {@code text}, in canonical form (duplicates
   * possible). Digits of any script count; grouping by {@code ,} {@code .} {@code '} {@code _}
   * is read both ways.
   */
  static void liberal(String text, Consumer<String> out) {
    String n = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder run = new StringBuilder();
    boolean digits = false;
    for (int i = 0; i <= n.length(); ) {
      int cp = i < n.length() ? n.codePointAt(i) : ' ';
      boolean digit = Character.isDigit(cp);
      if (digit || (run.length() < 2 * MAX_LITERAL && isNumberPunctuation(cp))) {
        if (run.length() < 2 * MAX_LITERAL) {
          run.append(digit ? (char) ('0' + Character.digit(cp, 10)) : (char) cp);
        }
        digits |= digit;
      } else {
        if (digits) {
          readRun(run.toString(), out);
        }
        run.setLength(0);
        digits = false;
      }
      i += i < n.length() ? Character.charCount(cp) : 1;
    }
  }

  private static boolean isNumberPunctuation(int cp) {
    return cp == '.' || cp == ',' || cp == '\'' || cp == '_' || cp == '+' || cp == '-'
        || cp == 'e' || cp == 'E';
  }

  private static void readRun(String run, Consumer<String> out) {
    int from = 0;
    while (from < run.length() && !Character.isDigit(run.charAt(from))
        && !startsNumber(run, from)) {
      from++;
    }
    int to = run.length();
    while (to > from && !Character.isDigit(run.charAt(to - 1))) {
      to--;
    }
    if (from >= to) {
      return;
    }
    String core = run.substring(from, to);
    if (isDigits(core)) { // the common case: a plain digit run
      if (core.length() <= MAX_LITERAL) {
        out.accept(canonicalInteger(core));
      }
      return;
    }
    emitLiberal(strip(core, ",'_"), out);
    if (core.indexOf(',') >= 0) {
      emitLiberal(strip(core, ".'_").replace(',', '.'), out);
    }
    if (core.indexOf('.') >= 0) {
      emitLiberal(strip(core, ".,'_"), out);
    }
    // the parts between separators are numbers too ("1,5" holds 1 and 5, "1.5" holds 1 and 5)
    int start = 0;
    for (int i = 0; i <= core.length(); i++) {
      if (i == core.length() || ",'_.".indexOf(core.charAt(i)) >= 0) {
        if (i > start) {
          emitLiberal(core.substring(start, i), out);
        }
        start = i + 1;
      }
    }
  }

  /** {@code s} without any of the characters of {@code drop}. */
  private static String strip(String s, String drop) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (drop.indexOf(s.charAt(i)) < 0) {
        sb.append(s.charAt(i));
      }
    }
    return sb.toString();
  }

  private static boolean startsNumber(String run, int at) {
    char c = run.charAt(at);
    return (c == '+' || c == '-' || c == '.') && at + 1 < run.length()
        && Character.isDigit(run.charAt(at + 1));
  }

  private static void emitLiberal(String s, Consumer<String> out) {
    if (s.isEmpty() || s.length() > MAX_LITERAL) {
      return;
    }
    if (isDigits(s)) {
      out.accept(canonicalInteger(s));
      return;
    }
    if (!LIBERAL.matcher(s).matches()) {
      return;
    }
    String c = canonical(new BigDecimal(s));
    if (c != null) {
      out.accept(c);
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical form of a non-negative decimal integer written in ASCII digits (at most
   * {@value #MAX_LITERAL}), as {@link BigDecimal#toString()} prints it without trailing zeros,
   * without building a {@link BigDecimal}: {@code 0}, {@code 123}, {@code 1E+2},
   * {@code 1.23E+4}.
   */
  static String canonicalInteger(String digits) {
    int from = 0;
    while (from < digits.length() - 1 && digits.charAt(from) == '0') {
      from++;
    }
    int to = digits.length();
    while (to > from + 1 && digits.charAt(to - 1) == '0') {
      to--;
    }
    int zeros = digits.length() - to;
    if (digits.charAt(from) == '0') {
      return "0";
    }
    if (zeros == 0) {
      return from == 0 ? digits : digits.substring(from);
    }
    StringBuilder sb = new StringBuilder(to - from + 8).append(digits.charAt(from));
    if (to - from > 1) {
      sb.append('.').append(digits, from + 1, to);
    }
    return sb.append("E+").append(to - from - 1 + zeros).toString();
  }

  private static String canonical(BigDecimal d) {
    if (d.precision() > MAX_PRECISION || Math.abs((long) d.scale()) > MAX_SCALE) {
      return null;
    }
    BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    if (Math.abs((long) stripped.scale()) > MAX_SCALE) {
      return null;
    }
    return stripped.toString();
  }

  /** The plain decimal text of a canonical form, or {@code null} if it would be long. */
  static String plain(String canonical) {
    BigDecimal d = new BigDecimal(canonical);
    if (Math.abs((long) d.scale()) > MAX_LITERAL) {
      return null;
    }
    return d.toPlainString();
  }
}
