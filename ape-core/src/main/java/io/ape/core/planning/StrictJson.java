package io.ape.core.planning;

import io.ape.api.ApeException;
import io.ape.api.ParameterValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON reader for untrusted text (RFC 8259, nothing more).
 *
 * <p>Rejects: comments, trailing commas, single quotes, {@code NaN}/{@code Infinity}, leading
 * zeros, unescaped control characters, invalid escapes and unpaired surrogates, duplicate
 * object keys (a later key must never silently win), numbers that overflow a double, nesting
 * deeper than {@link ParameterValues#MAX_DEPTH}, input longer than the given bound, and
 * anything after the value. Objects become insertion-ordered {@link Map}s, arrays
 * {@link List}s, integers {@link Long} (or {@link BigInteger} beyond the long range), other
 * numbers {@link Double}; the result is accepted by {@link ParameterValues}.
 *
 * <p>Errors are {@link JsonSyntaxException}s naming the offset and the problem, never quoting
 * the input. Stateless and thread-safe.
 */
public final class StrictJson {
  /** The default bound on input length, in UTF-16 characters (256 KiB). */
  public static final int DEFAULT_MAX_CHARS = 256 * 1024;

  private final String text;
  private int pos;

  private StrictJson(String text) {
    this.text = text;
  }

  /** Parses one JSON value of at most {@link #DEFAULT_MAX_CHARS} characters. */
  public static Object parse(String text) {
    return parse(text, DEFAULT_MAX_CHARS);
  }

  /**
   * Parses one JSON value.
   *
   * @throws JsonSyntaxException if the text is not exactly one valid JSON value within bounds
   */
  public static Object parse(String text, int maxChars) {
    if (text == null) {
      throw new JsonSyntaxException(0, "no input");
    }
    if (text.length() > maxChars) {
      throw new JsonSyntaxException(0, "input longer than " + maxChars + " characters");
    }
    StrictJson reader = new StrictJson(text);
    reader.skipWhitespace();
    Object value = reader.value(0);
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw new JsonSyntaxException(reader.pos, "unexpected content after the JSON value");
    }
    return value;
  }

  private Object value(int depth) {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    pos++;
    Map<String, Object> out = new LinkedHashMap<>();
    skipWhitespace();
    if (peek('}')) {
      pos++;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw error("expected a string key");
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth);
      if (out.containsKey(key)) {
        throw new JsonSyntaxException(keyAt, "duplicate key");
      }
      out.put(key, v);
      skipWhitespace();
      if (peek(',')) {
        pos++;
        continue;
      }
      expect('}');
      return out;
    }
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    pos++;
    List<Object> out = new ArrayList<>();
    skipWhitespace();
    if (peek(']')) {
      pos++;
      return out;
    }
    while (true) {
      skipWhitespace();
      out.add(value(depth));
      skipWhitespace();
      if (peek(',')) {
        pos++;
        continue;
      }
      expect(']');
      return out;
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw new JsonSyntaxException(pos - 1, "unescaped control character in a string");
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"': sb.append('"'); break;
          case '\\': sb.append('\\'); break;
          case '/': sb.append('/'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u': sb.append(hex4()); break;
          default: throw new JsonSyntaxException(pos - 1, "invalid escape");
        }
      } else {
        sb.append(c);
      }
    }
    String s = sb.toString();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw error("unpaired surrogate in a string");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw error("unpaired surrogate in a string");
      }
    }
    return s;
  }

  private char hex4() {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private Object number() {
    int start = pos;
    if (peek('-')) {
      pos++;
    }
    if (peek('0')) {
      pos++;
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        throw error("leading zeros are not allowed");
      }
    } else {
      digits();
    }
    boolean integral = true;
    if (peek('.')) {
      integral = false;
      pos++;
      digits();
    }
    if (peek('e') || peek('E')) {
      integral = false;
      pos++;
      if (peek('+') || peek('-')) {
        pos++;
      }
      digits();
    }
    String literal = text.substring(start, pos);
    if (literal.length() > 400) {
      throw new JsonSyntaxException(start, "number too long");
    }
    if (integral) {
      BigInteger big = new BigInteger(literal);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    double d = Double.parseDouble(literal);
    if (Double.isInfinite(d)) {
      throw new JsonSyntaxException(start, "number out of range");
    }
    return d;
  }

  private void digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) {
    if (depth > ParameterValues.MAX_DEPTH) {
      throw error("nested deeper than " + ParameterValues.MAX_DEPTH + " levels");
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error(pos >= text.length() ? "unexpected end of input" : "expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonSyntaxException error(String problem) {
    return new JsonSyntaxException(pos, problem);
  }

  /** The text is not valid JSON (or exceeds a bound). Carries the offset, never the input. */
  public static final class JsonSyntaxException extends ApeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    JsonSyntaxException(int offset, String problem) {
      super("invalid JSON at offset " + offset + ": " + problem);
      this.offset = offset;
    }

    /** The offset (UTF-16 index) where the problem was found. */
    public int offset() {
      return offset;
    }
  }
}
