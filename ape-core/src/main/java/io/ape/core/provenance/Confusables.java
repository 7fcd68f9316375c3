package io.ape.core.provenance;

import java.util.Arrays;

/**
 * Letters of other scripts that look like a Latin letter, mapped to it (a subset of Unicode's
 * confusables: Cyrillic, Greek, Armenian, Cherokee capitals, IPA and Latin small capitals).
 * Used only to fold untrusted text and values before comparing them ({@link Skeleton}); never to
 * decide that a value is trusted.
 */
final class Confusables {
  /** Pairs: code point, Latin letter it imitates. Sorted by code point at class load. */
  private static final int[][] PAIRS = {
      // Latin: IPA letters and small capitals
      {0x01C0, 'l'}, {0x0251, 'a'}, {0x0261, 'g'}, {0x0262, 'g'}, {0x0269, 'i'}, {0x026A, 'i'},
      {0x0274, 'n'}, {0x0280, 'r'}, {0x028B, 'u'}, {0x028F, 'y'}, {0x0299, 'b'}, {0x029C, 'h'},
      {0x029F, 'l'}, {0x0237, 'j'}, {0x1D00, 'a'}, {0x1D04, 'c'}, {0x1D05, 'd'}, {0x1D07, 'e'},
      {0x1D0A, 'j'}, {0x1D0B, 'k'}, {0x1D0D, 'm'}, {0x1D0F, 'o'}, {0x1D18, 'p'}, {0x1D1B, 't'},
      {0x1D1C, 'u'}, {0x1D20, 'v'}, {0x1D21, 'w'}, {0x1D22, 'z'}, {0xA731, 's'},
      // Greek capitals and small letters
      {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'},
      {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
      {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B1, 'a'}, {0x03B2, 'b'}, {0x03B3, 'y'}, {0x03B5, 'e'},
      {0x03B7, 'n'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BC, 'u'}, {0x03BD, 'v'}, {0x03BF, 'o'},
      {0x03C1, 'p'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'}, {0x03C9, 'w'}, {0x03F2, 'c'},
      {0x03F3, 'j'}, {0x03F9, 'C'},
      // Cyrillic capitals and small letters
      {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'},
      {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'},
      {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'}, {0x0432, 'b'}, {0x0433, 'r'},
      {0x0435, 'e'}, {0x043A, 'k'}, {0x043C, 'm'}, {0x043D, 'h'}, {0x043E, 'o'}, {0x043F, 'n'},
      {0x0440, 'p'}, {0x0441, 'c'}, {0x0442, 't'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0454, 'e'},
      {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x045B, 'h'}, {0x0461, 'w'}, {0x0475, 'v'},
      {0x04AB, 'c'}, {0x04AF, 'y'}, {0x04BB, 'h'}, {0x04C0, 'l'}, {0x04CF, 'l'}, {0x0501, 'd'},
      {0x051B, 'q'}, {0x051D, 'w'}, {0x04BA, 'H'}, {0x051A, 'Q'}, {0x051C, 'W'},
      // Armenian
      {0x054D, 'U'}, {0x0555, 'O'}, {0x0561, 'w'}, {0x0566, 'q'}, {0x0570, 'h'}, {0x0578, 'n'},
      {0x057D, 'u'}, {0x0581, 'g'}, {0x0585, 'o'},
      // Cherokee capitals (their small letters fold to these)
      {0x13A0, 'D'}, {0x13A1, 'R'}, {0x13A2, 'T'}, {0x13A5, 'I'}, {0x13A9, 'Y'}, {0x13AA, 'A'},
      {0x13AB, 'J'}, {0x13AC, 'E'}, {0x13B3, 'W'}, {0x13B7, 'M'}, {0x13BB, 'H'}, {0x13C0, 'G'},
      {0x13C3, 'Z'}, {0x13D9, 'V'}, {0x13DA, 'S'}, {0x13DE, 'L'}, {0x13DF, 'C'}, {0x13E2, 'P'},
      {0x13E6, 'K'}, {0x13F4, 'B'},
  };
  private static final int[] FROM;
  private static final int[] TO;

  static {
    int[][] sorted = PAIRS.clone();
    Arrays.sort(sorted, (a, b) -> Integer.compare(a[0], b[0]));
    FROM = new int[sorted.length];
    TO = new int[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      FROM[i] = sorted[i][0];
      TO[i] = sorted[i][1];
    }
  }

  private Confusables() {}

  /**
   * The Latin letter {@code cp} imitates (after folding case), else {@code cp} folded to
   * lower case.
   */
  static int latinOf(int cp) {
    int c = lookup(cp);
    int upper = lookup(Character.toUpperCase(c));
    return Character.toLowerCase(upper);
  }

  private static int lookup(int cp) {
    if (cp < 0x01C0) {
      return cp;
    }
    int i = Arrays.binarySearch(FROM, cp);
    return i >= 0 ? TO[i] : cp;
  }
}
