package io.ape.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form every APE digest is computed over (parameter hashes, intent versions,
 * plan hashes), so that a plugin built on {@code ape-api} alone computes exactly the digest the
 * engine computes.
 *
 * <p>The form is the Python original's (APE 1.0.2)
 * {@code json.dumps(value, sort_keys=True, separators=(',', ':'))} with default options, not
 * RFC 8785, so that a digest is byte for byte the one the Python implementation computes:
 * <ul>
 *   <li>object keys sorted by Unicode code point (not by UTF-16 unit, which differs for
 *       characters above U+FFFF);</li>
 *   <li>no whitespace; separators {@code ,} and {@code :};</li>
 *   <li>ASCII only: every character outside {@code ' '..'~'} written as {@code \}{@code uXXXX}
 *       with lower-case hex (characters above U+FFFF as a surrogate pair), except
 *       {@code \n \r \t \b \f}; {@code "} and {@code \} escaped; {@code /} not escaped;</li>
 *   <li>{@code true}, {@code false}, {@code null}; integers ({@link Integer}, {@link Long},
 *       {@link Short}, {@link Byte}, {@link BigInteger}) written in full; {@link Double} and
 *       {@link Float} (widened exactly to {@code double}) in Python {@code repr} form
 *       ({@code 1.0}, {@code 1e-07}, {@code 0.1}, {@code 1e+16}), NaN and infinities as
 *       {@code NaN}, {@code Infinity}, {@code -Infinity}; {@link BigDecimal} by its
 *       {@code toString()};</li>
 *   <li>{@link Map} with {@code String} keys as objects; {@link List} as arrays, in order.</li>
 * </ul>
 * Anything else, a non-string key, or nesting deeper than {@link #MAX_DEPTH} is rejected with
 * {@link CanonicalizationException}.
 *
 * <p>Stateless and thread-safe. Never returns {@code null}.
 *
 * @see ParameterHash
 * @since 0.2.0
 */
public final class CanonicalJson {
  /** Maximum nesting depth of containers. */
  public static final int MAX_DEPTH = 64;

  /** Orders strings by Unicode code point, as Python sorts {@code str}. */
  public static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(CanonicalJson::newDigest);

  private CanonicalJson() {}

  /**
   * The canonical JSON text of {@code value}.
   *
   * @throws CanonicalizationException if {@code value} holds something canonical JSON cannot
   *     write
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(64);
    append(sb, value, 0);
    return sb.toString();
  }

  /**
   * Appends the canonical JSON text of {@code value} to {@code sb}.
   *
   * @throws CanonicalizationException as {@link #write}
   */
  public static void append(StringBuilder sb, Object value) {
    append(sb, value, 0);
  }

  /**
   * The SHA-256 of the canonical JSON of {@code value} (its ASCII bytes), as 64 lower-case hex
   * characters.
   *
   * @throws CanonicalizationException as {@link #write}
   */
  public static String sha256Hex(Object value) {
    return sha256Hex(write(value).getBytes(StandardCharsets.US_ASCII));
  }

  /** The SHA-256 of {@code bytes}, as 64 lower-case hex characters. */
  static String sha256Hex(byte[] bytes) {
    MessageDigest md = SHA256.get();
    md.reset();
    return HEX.formatHex(md.digest(bytes));
  }

  /** Compares two strings by Unicode code point (Python {@code str} order). */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void append(StringBuilder sb, Object v, int depth) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue() ? "true" : "false");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      sb.append(v.toString());
    } else if (v instanceof Double d) {
      PythonFloatRepr.append(sb, d);
    } else if (v instanceof Float f) {
      PythonFloatRepr.append(sb, f.doubleValue());
    } else if (v instanceof BigDecimal bd) {
      sb.append(bd.toString());
    } else if (v instanceof Map<?, ?> m) {
      checkDepth(depth);
      appendObject(sb, m, depth + 1);
    } else if (v instanceof List<?> l) {
      checkDepth(depth);
      sb.append('[');
      boolean first = true;
      for (Object e : l) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, e, depth + 1);
      }
      sb.append(']');
    } else {
      throw new CanonicalizationException("cannot write a value of type "
          + v.getClass().getName() + " in canonical JSON (allowed: null, String, Boolean, "
          + "integers, floating-point numbers, BigDecimal, List, Map with String keys)");
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new CanonicalizationException(
          "value nested deeper than " + MAX_DEPTH + " levels cannot be canonicalised");
    }
  }

  private static void appendObject(StringBuilder sb, Map<?, ?> m, int depth) {
    int n = m.size();
    String[] keys = new String[n];
    Object[] values = new Object[n];
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new CanonicalizationException("object keys must be strings, got "
            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
      }
      if (i >= n) {
        throw new CanonicalizationException("map changed size while being canonicalised");
      }
      keys[i] = k;
      values[i] = e.getValue();
      i++;
    }
    if (i != n) {
      throw new CanonicalizationException("map changed size while being canonicalised");
    }
    if (n > 1) {
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> compareCodePoints(keys[a], keys[b]));
      sb.append('{');
      for (int j = 0; j < n; j++) {
        if (j > 0) {
          sb.append(',');
        }
        appendString(sb, keys[order[j]]);
        sb.append(':');
        append(sb, values[order[j]], depth);
      }
      sb.append('}');
    } else if (n == 1) {
      sb.append('{');
      appendString(sb, keys[0]);
      sb.append(':');
      append(sb, values[0], depth);
      sb.append('}');
    } else {
      sb.append("{}");
    }
  }

  /** Appends a JSON string literal with Python's {@code ensure_ascii=True} escaping. */
  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20 || c > 0x7e) {
            sb.append("\\u")
                .append(HEX_DIGITS[(c >> 12) & 0xf]).append(HEX_DIGITS[(c >> 8) & 0xf])
                .append(HEX_DIGITS[(c >> 4) & 0xf]).append(HEX_DIGITS[c & 0xf]);
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
