package io.ape.core.compiler;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The ASCII skeleton of a text, for finding instruction-override phrases however they are
 * written ("ignore previous instructions" with a non-breaking space, a zero-width space,
 * Cyrillic or full-width letters, combining accents): the signal must survive every trick that
 * leaves the phrase readable to a model.
 *
 * <p>Per code point of the text:
 * <ol>
 *   <li>invisible characters (Unicode format characters such as zero-width spaces and joiners,
 *       the word joiner, soft hyphens, bidi controls; the Hangul fillers) are dropped;</li>
 *   <li>white space of every kind (no-break, em, ideographic, narrow spaces, ...) becomes one
 *       ASCII space;</li>
 *   <li>a character that looks like an ASCII letter, digit or one of {@code < > / :} becomes
 *       that character, lower-cased ({@link #CONFUSABLES}: Cyrillic {@code \u043E} is
 *       {@code o}, Greek {@code \u039D} is {@code n});</li>
 *   <li>any other character is decomposed with NFKD (full-width and mathematical letters,
 *       ligatures: {@code \uFF49} is {@code i}, {@code \uFB01} is {@code fi}), combining marks
 *       are dropped, and each remaining character is mapped as above, or lower-cased;</li>
 *   <li>finally {@code 0} becomes {@code o} and {@code 1}, {@code |} and {@code l} become
 *       {@code i}, which look alike in many fonts; patterns matched against a skeleton are
 *       folded the same way ({@link #foldPattern}).</li>
 * </ol>
 * {@link #originOf} maps a position in the skeleton back to the text.
 *
 * <p>The confusables table is the part of Unicode's UTS #39 {@code confusables.txt} (as shipped
 * in ICU4J 76.1; Unicode License v3) whose prototype is one ASCII letter, digit or
 * {@code < > / :}, without the characters NFKD already maps there; a test checks it against
 * ICU's own skeletons. Immutable.
 */
final class TextSkeleton {
  /** Code point (hex) followed by the ASCII character it looks like, space separated. */
  private static final String TABLE = ""
      + "D7x 131i 17Ff 184b 18Dg 194y 196l 19Cw 1A6r 1A72 1B2u 1B73 1BC5 1BDs 1C0l 21C3 2228 "
      + "2238 251a 261g 263y 269i 26Ai 26Fw 28Bu 28Fy 2C2< 2C3> 2D0: 2DBi 2F8: 37Ai 37Fj 391a "
      + "392b 393y 395e 396z 397h 399l 39Ak 39Cm 39Dn 39Fo 3A1p 3A3o 3A4t 3A5y 3A7x 3B1a 3B3y "
      + "3B9i 3BDv 3BFo 3C1p 3C3o 3C5u 3D2y 3DCf 3E82 3F1p 3F2c 3F3j 3F9c 3FAm 405s 406l 408j "
      + "410a 4116 412b 413r 415e 4173 41Ak 41Cm 41Dh 41Eo 420p 421c 422t 423y 425x 42Cb 430a "
      + "4316 433r 435e 43Eo 440p 441c 443y 445x 455s 456i 458j 460w 461w 474v 475v 4AEy 4AFy "
      + "4BAh 4BBh 4BCe 4BDe 4C0l 4CFi 4E03 500d 501d 50Cg 51Aq 51Bq 51Cw 51Dw 531w 533q 536q "
      + "540h 548n 54Cn 54Du 54Fs 551g 554f 555o 561w 563q 566q 570h 578n 57Cn 57Du 581g 584f "
      + "585o 589: 5C0l 5C3: 5D5l 5D8v 5DFl 5E1o 627l 647o 661l 665o 667v 6BEo 6C1o 6D5o 6F1l "
      + "6F5o 6F7v 703: 704: 7C0o 7CAl 903: 966o 9E6o 9EA8 9ED9 A66o A679 A6A8 A83: AE6o B038 "
      + "B20o B66o B689 BE6o C02o C66o C82o CE6o D02o D20o D66o D6D9 D82o E50o ED0o 101Do 1040o "
      + "10E7y 10FFo 1200u 12D0o 13A0d 13A1r 13A2t 13A5i 13A9y 13AAa 13ABj 13ACe 13B1r 13B3w "
      + "13B7m 13BBh 13BDy 13C0g 13C2h 13C3z 13CE4 13CFb 13D2r 13D4w 13D5s 13D9v 13DAs 13DEl "
      + "13DFc 13E2p 13E6k 13E7d 13EE6 13F3g 13F4b 142Fv 1433> 1438< 144Cu 146Dp 146Fd 1472b "
      + "148Dj 14AAl 14BF2 1541x 157Ch 157Dx 1587r 15AFb 15B4f 15C5a 15DEd 15EAd 15F0m 15F7b "
      + "166Dx 166Ex 16B2< 16B7x 16C1l 16D5k 16D6m 16EC: 1735/ 1803: 1809: 1CA7y 1CBFo 1D04c "
      + "1D0Fo 1D11o 1D1Cu 1D20v 1D21w 1D22z 1D26r 1D83g 1D8Cy 1E9Df 1EFEy 1EFFy 1FBEi 2039< "
      + "203A> 2041/ 2044/ 205A: 2110l 2111l 212Ee 213Dy 2160l 2215/ 2223l 2228v 222Au 2236: "
      + "22A4t 22C1v 22C3u 22FFe 2373i 2374p 237Aa 23FDl 2571/ 2573x 276E< 276F> 27CB/ 27D9t "
      + "292Bx 292Cx 29F8/ 2A2Fx 2C6Da 2C84r 2C85r 2C8Eh 2C92l 2C94k 2C98m 2C9An 2C9Eo 2C9Fo "
      + "2CA2p 2CA3p 2CA4c 2CA5c 2CA6t 2CA8y 2CACx 2CC6/ 2CCA9 2CCC3 2CD0l 2CD26 2D38v 2D39e "
      + "2D4Fl 2D54o 2D55q 2D5Dx 2F03/ 3007o 3033/ 30CE/ 31D3/ 4E3F/ A4D0b A4D1p A4D2d A4D3d "
      + "A4D4t A4D6g A4D7k A4D9j A4DAc A4DCz A4DDf A4DFm A4E0n A4E1l A4E2s A4E3r A4E6v A4E7h "
      + "A4EAw A4EBx A4ECy A4EEa A4F0e A4F2l A4F3o A4F4u A4FD: A6442 A646i A647i A6DFv A6EF2 "
      + "A731s A75A2 A76A3 A76E9 A789: A798f A799f A79Eu A79Fu A7AB3 A7ACg A7AEi A7B2j A7B3x "
      + "A7B4b AB32e AB35f AB3Do AB47r AB48r AB4Eu AB52u AB5Ay AB75i AB81r AB83w AB93z ABA9v "
      + "ABAAs ABAFc FBA6o FBA7o FBA8o FBA9o FBAAo FBABo FBACo FBADo FE30: FE8Dl FE8El FEE9o "
      + "FEEAo FEEBo FEECo FF29l FFE8l 10282b 10286e 10287f 1028Al 10290x 10292o 10295p 10296s "
      + "10297t 102A0a 102A1b 102A2c 102A5f 102ABo 102B0m 102B1t 102B2y 102B4x 102CFh 102F5z "
      + "10301b 10302c 10309l 10311m 10315t 10317x 1031A8 10320l 10322x 10404o 10415c 1041Bl "
      + "10420s 1042Co 1043Dc 10448s 104B4r 104C2o 104CEu 104D27 104EAo 104F6u 10513n 10516o "
      + "10518k 1051Cc 1051Dv 10525f 10526l 10527x 114D0o 11700m 11706v 1170Aw 1170Ew 1170Fw "
      + "118A0v 118A1s 118A2f 118A3l 118A4y 118A6e 118A8o 118A9z 118AA3 118AC9 118AEe 118AF4 "
      + "118B2l 118B5o 118B69 118B7o 118B8u 118BB5 118BCt 118C0v 118C1s 118C2f 118C3i 118C4z "
      + "118C67 118C8o 118CA3 118CC9 118D56 118D69 118D7o 118D8u 118DCy 118E0o 118E3m 118E5z "
      + "118E6w 118E9c 118ECx 118EFw 118F2c 16F08v 16F0At 16F16l 16F28l 16F35r 16F3As 16F3B3 "
      + "16F3F> 16F40a 16F42u 16F43y 1D2063 1D20Dv 1D2127 1D213f 1D216r 1D22Al 1D236< 1D237> "
      + "1D23A/ 1D408l 1D43Cl 1D470l 1D4D8l 1D540l 1D574l 1D5A8l 1D5DCl 1D610l 1D644l 1D678l "
      + "1D6A4i 1D6A8a 1D6A9b 1D6ACe 1D6ADz 1D6AEh 1D6B0l 1D6B1k 1D6B3m 1D6B4n 1D6B6o 1D6B8p "
      + "1D6BBt 1D6BCy 1D6BEx 1D6C2a 1D6C4y 1D6CAi 1D6CEv 1D6D0o 1D6D2p 1D6D4o 1D6D6u 1D6E0p "
      + "1D6E2a 1D6E3b 1D6E6e 1D6E7z 1D6E8h 1D6EAl 1D6EBk 1D6EDm 1D6EEn 1D6F0o 1D6F2p 1D6F5t "
      + "1D6F6y 1D6F8x 1D6FCa 1D6FEy 1D704i 1D708v 1D70Ao 1D70Cp 1D70Eo 1D710u 1D71Ap 1D71Ca "
      + "1D71Db 1D720e 1D721z 1D722h 1D724l 1D725k 1D727m 1D728n 1D72Ao 1D72Cp 1D72Ft 1D730y "
      + "1D732x 1D736a 1D738y 1D73Ei 1D742v 1D744o 1D746p 1D748o 1D74Au 1D754p 1D756a 1D757b "
      + "1D75Ae 1D75Bz 1D75Ch 1D75El 1D75Fk 1D761m 1D762n 1D764o 1D766p 1D769t 1D76Ay 1D76Cx "
      + "1D770a 1D772y 1D778i 1D77Cv 1D77Eo 1D780p 1D782o 1D784u 1D78Ep 1D790a 1D791b 1D794e "
      + "1D795z 1D796h 1D798l 1D799k 1D79Bm 1D79Cn 1D79Eo 1D7A0p 1D7A3t 1D7A4y 1D7A6x 1D7AAa "
      + "1D7ACy 1D7B2i 1D7B6v 1D7B8o 1D7BAp 1D7BCo 1D7BEu 1D7C8p 1D7CAf 1D7CEo 1D7CFl 1D7D8o "
      + "1D7D9l 1D7E2o 1D7E3l 1D7ECo 1D7EDl 1D7F6o 1D7F7l 1E8C7l 1E8CB8 1EE00l 1EE24o 1EE64o "
      + "1EE80l 1EE84o 1F74Cc 1F768t 1FBF0o 1FBF1l ";
  /** Code point to the ASCII character it is confusable with. */
  static final Map<Integer, Character> CONFUSABLES = parse(TABLE);

  private final String text;
  private final int[] origin;

  private TextSkeleton(String text, int[] origin) {
    this.text = text;
    this.origin = origin;
  }

  /** The skeleton of {@code s}. */
  static TextSkeleton of(String s) {
    Builder out = new Builder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp < 0x80) {
        out.append(fold(Character.toLowerCase((char) cp)), i);
      } else if (isInvisible(cp)) {
        // dropped
      } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
        out.append(' ', i);
      } else {
        Character direct = CONFUSABLES.get(cp);
        if (direct != null) {
          out.append(fold(direct), i);
        } else {
          appendDecomposed(out, new String(Character.toChars(cp)), i);
        }
      }
      i += len;
    }
    return out.build(s.length());
  }

  private static void appendDecomposed(Builder out, String text, int source) {
    String d = Normalizer.normalize(text, Normalizer.Form.NFKD);
    for (int k = 0; k < d.length(); ) {
      int c = d.codePointAt(k);
      k += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK || isInvisible(c)) {
        continue;
      }
      int lc = Character.toLowerCase(c);
      Character mapped = lc < 0x80 ? Character.valueOf((char) lc) : CONFUSABLES.get(c);
      if (mapped == null) {
        mapped = CONFUSABLES.get(lc);
      }
      if (mapped != null) {
        out.append(fold(mapped), source);
      } else if (Character.isWhitespace(lc) || Character.isSpaceChar(lc)) {
        out.append(' ', source);
      } else {
        for (char ch : Character.toChars(lc)) {
          out.append(ch, source);
        }
      }
    }
  }

  /** Collects skeleton characters with the index of the text character each came from. */
  private static final class Builder {
    private final StringBuilder text;
    private int[] origin;
    private int n;

    Builder(int capacity) {
      text = new StringBuilder(capacity);
      origin = new int[capacity + 1];
    }

    void append(char c, int source) {
      if (n == origin.length) {
        origin = java.util.Arrays.copyOf(origin, origin.length * 2);
      }
      text.append(c);
      origin[n++] = source;
    }

    TextSkeleton build(int sourceLength) {
      int[] trimmed = java.util.Arrays.copyOf(origin, n + 1);
      trimmed[n] = sourceLength;
      return new TextSkeleton(text.toString(), trimmed);
    }
  }

  /** The skeleton text. */
  String text() {
    return text;
  }

  /** The index in the original text of the character at {@code index} of the skeleton. */
  int originOf(int index) {
    return origin[Math.min(index, origin.length - 1)];
  }

  /** {@code 0} as {@code o}, and {@code 1}, {@code |}, {@code l} as {@code i}. */
  static char fold(char c) {
    switch (c) {
      case '0':
        return 'o';
      case '1':
      case '|':
      case 'l':
        return 'i';
      default:
        return c;
    }
  }

  /**
   * A regular expression (written for plain lower-case ASCII text) made to match skeletons:
   * its letters folded as {@link #fold} folds text ({@code l} becomes {@code i}; the pattern
   * must not use {@code l}, {@code 0} or {@code 1} in escapes), and its required white space
   * ({@code \\s+}) made optional, since a zero-width space between two words is dropped.
   */
  static String foldPattern(String regex) {
    return regex.replace("\\s+", "\\s*").replace('l', 'i');
  }

  private static boolean isInvisible(int cp) {
    return Character.getType(cp) == Character.FORMAT || cp == 0x115F || cp == 0x1160
        || cp == 0x3164 || cp == 0xFFA0 || cp == 0x034F
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  private static Map<Integer, Character> parse(String table) {
    Map<Integer, Character> out = new HashMap<>();
    for (String entry : table.trim().split(" ")) {
      out.put(Integer.parseInt(entry.substring(0, entry.length() - 1), 16),
          entry.charAt(entry.length() - 1));
    }
    return Map.copyOf(out);
  }
}
