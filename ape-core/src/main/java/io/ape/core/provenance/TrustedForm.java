package io.ape.core.provenance;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How values are compared with trusted text: exactly, after only NFC (canonically equivalent
 * strings render and mean the same) and treating every run of whitespace as one separator.
 *
 * <p>Text is split at whitespace into <em>chunks</em>. A value matches inside a chunk only at a
 * chunk's edges: it may leave off at most {@value #MAX_STRIP} opening brackets or quotes before it
 * and at most {@value #MAX_STRIP} closing brackets, quotes or sentence marks after it
 * ({@code (bob@acme.com).} holds {@code bob@acme.com}), never letters, digits or other symbols
 * ({@code evilbob@acme.com.evil} does not hold {@code bob@acme.com}, {@code 100} does not hold
 * {@code 1}). Case, compatibility forms (full-width letters), look-alike letters and invisible
 * characters are <em>not</em> folded here: a value that differs from the user's text in any of
 * them is a different value and is not trusted.
 */
final class TrustedForm {
  /** At most this many delimiters are left off either edge of a chunk. */
  static final int MAX_STRIP = 4;

  private TrustedForm() {}

  /** {@code s} in NFC. */
  static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** The characters of {@code s} that are not whitespace. */
  static int nonSpaceLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!isSpace(cp)) {
        n += Character.charCount(cp);
      }
      i += Character.charCount(cp);
    }
    return n;
  }

  /** The NFC chunks of {@code s}, in order; empty if {@code s} is blank. */
  static List<String> chunks(String s) {
    return chunksOfNfc(nfc(s));
  }

  /** The chunks of {@code n}, already in NFC. */
  static List<String> chunksOfNfc(String n) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      if (isSpace(cp)) {
        if (start >= 0) {
          out.add(n.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(n.substring(start));
    }
    return out;
  }

  /** Whitespace in the Unicode sense, including no-break spaces. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** Brackets and quotes that may open a chunk. */
  static boolean isOpening(char c) {
    switch (Character.getType(c)) {
      case Character.START_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
        return true;
      default:
        return c == '"' || c == '\'' || c == '<' || c == '`' || c == '\u00bf' || c == '\u00a1';
    }
  }

  /** Brackets, quotes and sentence marks that may close a chunk. */
  static boolean isClosing(char c) {
    switch (Character.getType(c)) {
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
        return true;
      default:
        return ".,;:!?\"'>`\u2026\u3002\u3001\uff0c\uff1a\uff1b\uff01\uff1f\uff0e".indexOf(c) >= 0;
    }
  }

  /** Receives a core as the range {@code [from, to)} of its chunk. */
  interface CoreRange {
    void accept(int from, int to);
  }

  /**
   * Every core of {@code chunk} (the chunk less up to {@link #MAX_STRIP} delimiters per edge),
   * as ranges of it: at most {@code (MAX_STRIP + 1)^2} of them.
   */
  static void forEachCore(String chunk, CoreRange out) {
    int len = chunk.length();
    int lead = leading(chunk);
    int trail = trailing(chunk);
    for (int i = 0; i <= lead; i++) {
      for (int j = 0; j <= trail && i + j < len; j++) {
        out.accept(i, len - j);
      }
    }
  }

  /** Whether {@code v} is a core of {@code chunk}. */
  static boolean isCore(String chunk, String v) {
    int len = chunk.length();
    int vlen = v.length();
    if (vlen == 0 || vlen > len) {
      return false;
    }
    int lead = leading(chunk);
    int trail = trailing(chunk);
    for (int i = 0; i <= lead; i++) {
      int j = len - i - vlen;
      if (j >= 0 && j <= trail && chunk.regionMatches(i, v, 0, vlen)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code v} is {@code chunk} less some opening delimiters (the first of a sequence). */
  static boolean isLeftCore(String chunk, String v) {
    int i = chunk.length() - v.length();
    return i >= 0 && i <= leading(chunk) && chunk.endsWith(v);
  }

  /** Whether {@code v} is {@code chunk} less some closing delimiters (the last of a sequence). */
  static boolean isRightCore(String chunk, String v) {
    int j = chunk.length() - v.length();
    return j >= 0 && j <= trailing(chunk) && chunk.startsWith(v);
  }

  private static int leading(String chunk) {
    int n = 0;
    while (n < MAX_STRIP && n < chunk.length() && isOpening(chunk.charAt(n))) {
      n++;
    }
    return n;
  }

  private static int trailing(String chunk) {
    int n = 0;
    int len = chunk.length();
    while (n < MAX_STRIP && n < len && isClosing(chunk.charAt(len - 1 - n))) {
      n++;
    }
    return n;
  }
}
