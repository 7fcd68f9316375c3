package io.ape.mcp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a configuration file that is not valid JSON into a {@link McpConfigParseException} that a
 * person can act on: the file, the 1-based line and column (counted in characters, not bytes) of
 * the offending character, and that character described by its code point, its Unicode name and,
 * when it is printable, itself, with a hint for the usual culprits (typographic quotes, a NUL
 * byte, a byte order mark, a non-breaking space). Jackson's own message is never shown as it is:
 * it masks the character and may quote text from the file. At most one character of the file
 * appears in a message, so no secret value can be echoed.
 *
 * <p>Decoding is strict: bytes that are not valid UTF-8 are reported with their position instead
 * of being replaced. A single byte order mark at the very start is accepted (editors on Windows
 * write one); a UTF-16 file is accepted when it starts with its byte order mark. Stateless.
 */
final class JsonSyntaxDiagnosis {
  private static final Pattern CODE = Pattern.compile("\\bcode (\\d+)");
  private static final char BOM = '\ufeff';

  private JsonSyntaxDiagnosis() {}

  /**
   * The text of a configuration file, decoded strictly and without a leading byte order mark.
   *
   * @throws McpConfigParseException for bytes that are not valid in the file's encoding
   */
  static String decode(byte[] bytes, String shown) {
    Charset cs = StandardCharsets.UTF_8;
    if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
        || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      cs = StandardCharsets.UTF_16;
    }
    CharsetDecoder decoder = cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, bytes.length + 16L));
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      out.flip();
      String before = out.toString();
      int bad = in.position() < bytes.length ? bytes[in.position()] & 0xff : -1;
      String what = bad < 0 ? "the file ends in the middle of a " + cs.name() + " character"
          : String.format(Locale.ROOT, "byte 0x%02X (at byte offset %d) is not valid %s here",
              bad, in.position(), cs.name());
      throw new McpConfigParseException(shown, line(before, before.length()),
          column(before, before.length()), what + "; save the file as UTF-8", null);
    }
    if (r.isOverflow()) {
      // Cannot happen (UTF-8 and UTF-16 never give more chars than bytes); fail closed anyway.
      throw new McpConfigParseException(shown, 0, 0, "the file could not be decoded", null);
    }
    out.flip();
    String text = out.toString();
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  /** The typed error for a Jackson syntax error in {@code text}. */
  static McpConfigParseException diagnose(String text, JsonProcessingException e, String shown) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String first = original.lines().findFirst().orElse("");
    JsonLocation loc = e.getLocation();
    long charOffset = loc == null ? -1 : loc.getCharOffset();
    int pos = charOffset < 0 ? offsetOf(text, loc) : (int) Math.min(charOffset, text.length());
    String problem;
    if (first.startsWith("Unexpected end-of-input")) {
      pos = text.length();
      problem = "the file ends too early: " + unclosed(first);
    } else if (first.startsWith("Duplicate field")) {
      problem = McpConfigReader.safeMessage(original);
    } else if (first.contains("nesting depth")) {
      problem = "the document is nested too deeply (more than 200 levels)";
    } else {
      Matcher m = CODE.matcher(first);
      if (m.find()) {
        int cp = Integer.parseInt(m.group(1));
        pos = locate(text, pos, cp);
        problem = "unexpected character " + describe(cp) + hint(cp, first) + expectation(first);
      } else if (first.startsWith("Unrecognized token")) {
        problem = McpConfigReader.safeMessage(original);
      } else if (pos < text.length()) {
        problem = "invalid JSON at character " + describe(text.codePointAt(pos));
      } else {
        problem = "invalid JSON";
      }
    }
    return new McpConfigParseException(shown, line(text, pos), column(text, pos), problem, e);
  }

  /**
   * The character: its code point, its Unicode name and, if printable, itself, e.g.
   * {@code U+201C LEFT DOUBLE QUOTATION MARK "“"}.
   */
  static String describe(int cp) {
    String name = Character.getName(cp);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "U+%04X", cp));
    if (name != null) {
      sb.append(' ').append(name);
    }
    if (printable(cp)) {
      sb.append(" \"").appendCodePoint(cp).append('"');
    } else {
      sb.append(" (not printable)");
    }
    return sb.toString();
  }

  private static boolean printable(int cp) {
    int type = Character.getType(cp);
    return cp != BOM && type != Character.CONTROL && type != Character.FORMAT
        && type != Character.SURROGATE && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }

  private static String hint(int cp, String jacksonFirstLine) {
    switch (cp) {
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2018: case 0x2019: case 0x201A:
      case 0x201B: case 0x00AB: case 0x00BB: case 0x2032: case 0x2033: case 0xFF02:
        return ", a typographic (\"smart\") quote: JSON needs straight double quotes (U+0022), "
            + "an editor or word processor probably replaced them";
      case 0:
        return ", a NUL byte: the file may be binary, damaged, or saved as UTF-16 without a byte order mark";
      case BOM:
        return ", a byte order mark (invisible): only one, at the very start of the file, is allowed";
      case 0x00A0: case 0x2007: case 0x202F: case 0x3000:
        return ", a non-breaking or wide space: JSON allows only spaces, tabs and line breaks between values";
      default:
        if (Character.getType(cp) == Character.CONTROL) {
          return jacksonFirstLine.startsWith("Illegal unquoted character")
              ? ", a control character inside a string: write it as an escape such as \\u0009"
              : ", a control character: only spaces, tabs and line breaks may separate values";
        }
        return "";
    }
  }

  /** Jackson's description of what it expected, which holds no text from the file. */
  private static String expectation(String first) {
    int i = first.indexOf("): ");
    if (i < 0) {
      return "";
    }
    String rest = first.substring(i + 3).trim();
    if (rest.isEmpty() || rest.startsWith("only regular white space")
        || rest.startsWith("has to be escaped")) {
      return "";
    }
    if (rest.length() > 160) {
      rest = rest.substring(0, 160) + "…";
    }
    return "; the parser " + TextSafety.oneLine(rest, 160);
  }

  private static String unclosed(String first) {
    String f = first.toLowerCase(Locale.ROOT);
    if (f.contains("field name")) {
      return "a key is not closed with \"";
    }
    if (f.contains("string")) {
      return "a string is not closed with \"";
    }
    if (f.contains("array")) {
      return "an array is not closed with ]";
    }
    if (f.contains("object")) {
      return "an object is not closed with }";
    }
    return "a value is missing";
  }

  /** The offset of the reported character: Jackson points at it or just after it. */
  private static int locate(String text, int pos, int cp) {
    for (int p : new int[] {pos, pos - 1, pos - 2}) {
      if (p >= 0 && p < text.length() && text.codePointAt(p) == cp) {
        return p;
      }
    }
    return Math.max(0, Math.min(pos, text.length()));
  }

  private static int offsetOf(String text, JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return 0;
    }
    int line = 1;
    int i = 0;
    while (line < loc.getLineNr() && i < text.length()) {
      if (text.charAt(i++) == '\n') {
        line++;
      }
    }
    return Math.min(text.length(), i + Math.max(0, loc.getColumnNr() - 1));
  }

  static int line(String text, int pos) {
    int line = 1;
    for (int i = 0; i < pos && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  static int column(String text, int pos) {
    int end = Math.min(pos, text.length());
    int start = text.lastIndexOf('\n', end - 1) + 1;
    return text.codePointCount(start, end) + 1;
  }
}
