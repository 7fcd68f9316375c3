package io.ape.core.provenance;

import java.text.Normalizer;

/**
 * The folded form untrusted text is compared in: only letters and digits, so that case,
 * whitespace, punctuation, accents, compatibility forms, look-alike letters and invisible
 * characters cannot hide a copy.
 *
 * <p>Steps: NFKD (compatibility forms such as full-width or mathematical letters become plain
 * ones, accents become separate marks); drop combining marks and default-ignorable characters
 * (zero-width spaces and joiners, bidirectional controls, soft hyphens, variation selectors, tag
 * characters, Hangul fillers) without breaking a word; fold case (upper then lower); map
 * look-alike letters of other scripts to the Latin letter they imitate ({@link Confusables});
 * map the digits of every script to ASCII; every other character (space, punctuation, symbol)
 * ends an <em>atom</em>. The result is the atoms joined by single spaces.
 *
 * <p>It is not a full Unicode UTS #39 skeleton: it covers the look-alikes of Cyrillic, Greek,
 * Armenian and Latin small capitals. Errors in it only make the tracker miss a copy, which
 * leaves the value MODEL_GENERATED (never USER_TRUSTED: trust is decided by {@link TrustedForm}).
 */
final class Skeleton {
  private Skeleton() {}

  /** The skeleton of {@code s}: folded atoms joined by single spaces, no space at either end. */
  static String of(CharSequence s) {
    if (isAscii(s)) {
      return ofAscii(s);
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder sb = new StringBuilder(n.length());
    boolean pendingBreak = false;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      i += Character.charCount(cp);
      if (isInvisible(cp)) {
        continue;
      }
      int f = fold(cp);
      if (Character.isLetterOrDigit(f)) {
        if (pendingBreak && sb.length() > 0) {
          sb.append(' ');
        }
        pendingBreak = false;
        sb.appendCodePoint(f);
      } else {
        pendingBreak = true;
      }
    }
    return sb.toString();
  }

  private static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The same result for ASCII text, where NFKD, look-alikes and other digits do not apply. */
  private static String ofAscii(CharSequence s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean pendingBreak = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (pendingBreak && sb.length() > 0) {
          sb.append(' ');
        }
        pendingBreak = false;
        sb.append(c);
      } else {
        pendingBreak = true; // no ASCII character is a mark or default-ignorable
      }
    }
    return sb.toString();
  }

  /** Case, look-alike and digit folding of one code point. */
  static int fold(int cp) {
    int c = Confusables.latinOf(cp);
    if (c > 0x7f && Character.isDigit(c)) {
      int d = Character.digit(c, 10);
      if (d >= 0) {
        c = '0' + d;
      }
    }
    return c;
  }

  /** Combining marks and default-ignorable code points: removed without ending an atom. */
  static boolean isInvisible(int cp) {
    switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.COMBINING_SPACING_MARK:
      case Character.FORMAT:
        return true;
      default:
        break;
    }
    return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0
        || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE0FFF)
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || cp == 0x2800;
  }
}
