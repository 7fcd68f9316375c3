package io.ape.core.internal;

import java.net.IDN;
import java.util.Locale;

/**
 * Host extraction and normalisation for {@code domain_in}.
 *
 * <p>A value is either a URL ({@code scheme://authority/...} or {@code //authority/...}) or a
 * bare {@code host[:port]}. The authority ends at the first {@code /}, {@code ?}, {@code #} or
 * {@code \} (browsers treat {@code \} as {@code /}); userinfo up to the <em>last</em>
 * {@code @} is dropped, then the port (digits only). So {@code evil.com#@api.github.com} is
 * {@code evil.com}, {@code https://api.github.com@evil.com/} is {@code evil.com}, and
 * {@code user@api.github.com:443} is {@code api.github.com}.
 *
 * <p>The host is then normalised: one trailing dot dropped, converted with
 * {@link IDN#toASCII(String, int)} (STD3 rules: letters, digits and hyphens only; Unicode
 * labels become {@code xn--} punycode), lower-cased with {@link Locale#ROOT}, and checked
 * (labels of 1 to 63 characters, no leading or trailing hyphen, at most 253 characters).
 * Bracketed IPv6 literals are kept as written, lower-cased. Anything else is refused.
 */
public final class HostNames {
  /** What {@code ldhProblem(h, false)} returns for an invalid name. */
  private static final String INVALID = "invalid";

  private HostNames() {}

  /** The outcome of parsing: a host, or a reason why there is none. */
  public record Parsed(String host, String error) {
    public boolean ok() {
      return host != null;
    }
  }

  private static Parsed error(String message) {
    return new Parsed(null, message);
  }

  /**
   * Extracts and normalises the host of a URL or bare host. Works on indexes into
   * {@code value}: the only string it creates on the way is the host itself.
   */
  public static Parsed hostOf(String value) {
    int start;
    if (value.startsWith("//")) {
      start = 2;
    } else {
      int schemeEnd = value.indexOf("://");
      if (schemeEnd >= 0) {
        if (!isScheme(value, schemeEnd)) {
          return error("is not a URL or host name (malformed scheme)");
        }
        start = schemeEnd + 3;
      } else {
        start = 0;
      }
    }
    // The authority is value[start, end); remember its last '@' and last ':'.
    int end = value.length();
    int lastAt = -1;
    int lastColon = -1;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
      if (c == '@') {
        lastAt = i;
      } else if (c == ':') {
        lastColon = i;
      }
    }
    if (lastAt >= 0) {
      start = lastAt + 1; // drop the userinfo
    }
    int hostEnd;
    int portStart;
    if (start < end && value.charAt(start) == '[') {
      int close = value.indexOf(']', start);
      if (close < 0 || close >= end) {
        return error("has an unterminated IPv6 literal");
      }
      hostEnd = close + 1;
      if (hostEnd < end && value.charAt(hostEnd) != ':') {
        return error("has text after its IPv6 literal");
      }
      portStart = hostEnd == end ? end : hostEnd + 1;
    } else if (lastColon > lastAt) {
      hostEnd = lastColon;
      portStart = lastColon + 1;
    } else {
      hostEnd = end;
      portStart = end;
    }
    if (!isPort(value, portStart, end)) {
      return error("has an invalid port " + Printable.quoted(value.substring(portStart, end)));
    }
    if (hostEnd == start) {
      return error("has no host");
    }
    return normalize(value.substring(start, hostEnd));
  }

  /**
   * The {@link String#hashCode()} of {@code s[from, to)} when it is already a normal host name
   * (as {@link #lowerLdhOrNull} says), else -1: the same check, without the substring.
   */
  public static long lowerLdhHash(String s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 253) {
      return -1;
    }
    int hash = 0;
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        int label = i - labelStart;
        if (label < 1 || label > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          return -1;
        }
        labelStart = i + 1;
        if (i < to) {
          hash = 31 * hash + '.';
        }
      } else {
        char c = s.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return -1;
        }
        hash = 31 * hash + c;
      }
    }
    return hash & 0xffffffffL;
  }

  /**
   * {@code s[from, to)} when it is already a normal host name (lower-case letters, digits and
   * hyphens in labels of 1 to 63 characters that neither start nor end with a hyphen, at most
   * 253 characters, no trailing dot), else {@code null}: then {@link #normalize} decides. One
   * pass, no other allocation than the returned substring.
   */
  public static String lowerLdhOrNull(String s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 253) {
      return null;
    }
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        int label = i - labelStart;
        if (label < 1 || label > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          return null;
        }
        labelStart = i + 1;
      } else {
        char c = s.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return null;
        }
      }
    }
    return s.substring(from, to);
  }

  /**
   * {@link #normalize}'s host, or {@code null} when it has none: the same answer without
   * allocating a {@link Parsed} (for the hot path of the policy's host conditions).
   */
  public static String normalizedOrNull(String host) {
    if (!host.startsWith("[") && !host.isEmpty() && host.charAt(host.length() - 1) != '.'
        && ldhProblem(host, false) == null) {
      return host; // already a lower-case letters-digits-hyphen name
    }
    Parsed parsed = normalize(host);
    return parsed.ok() ? parsed.host() : null;
  }

  /** Normalises a host name (no scheme, userinfo or port). */
  public static Parsed normalize(String host) {
    if (host.startsWith("[")) {
      return ipv6(host);
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty()) {
      return error("has an empty host");
    }
    if (ldhProblem(h, false) == null) {
      return new Parsed(h, null); // already a lower-case letters-digits-hyphen name
    }
    String ascii;
    try {
      ascii = isPlainAscii(h) ? h : IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return error("has a host that is not a valid internationalised domain name ("
          + e.getMessage() + ")");
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    String problem = ldhProblem(ascii, true);
    return problem == null ? new Parsed(ascii, null) : error(problem);
  }

  private static Parsed ipv6(String host) {
    if (host.length() < 3 || !host.endsWith("]")) {
      return error("has a malformed IPv6 literal");
    }
    for (int i = 1; i < host.length() - 1; i++) {
      char c = host.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
          || c == ':' || c == '.';
      if (!ok) {
        return error("has a malformed IPv6 literal");
      }
    }
    return new Parsed(host.toLowerCase(Locale.ROOT), null);
  }

  private static boolean isPlainAscii(String h) {
    for (int i = 0; i < h.length(); i++) {
      if (h.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why an ASCII host is not a valid lower-case letters-digits-hyphen name, or {@code null}.
   *
   * @param describe {@code false} to get {@link #INVALID} instead of a message (no allocation)
   */
  private static String ldhProblem(String h, boolean describe) {
    if (h.length() > 253) {
      return describe ? "has a host longer than 253 characters" : INVALID;
    }
    int labelStart = 0;
    for (int i = 0; i <= h.length(); i++) {
      if (i == h.length() || h.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0) {
          return describe ? "has a host with an empty label" : INVALID;
        }
        if (len > 63) {
          return describe ? "has a host label longer than 63 characters" : INVALID;
        }
        if (h.charAt(labelStart) == '-' || h.charAt(i - 1) == '-') {
          return describe ? "has a host label that starts or ends with '-'" : INVALID;
        }
        labelStart = i + 1;
      } else {
        char c = h.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return describe ? "has a host with the character " + Printable.quoted(String.valueOf(c))
              + " (only letters, digits, '-' and '.' are allowed)" : INVALID;
        }
      }
    }
    return null;
  }

  private static boolean isScheme(String value, int end) {
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!(letter || (i > 0 && other))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value[from, to)} is empty or a port number (at most 65535). */
  private static boolean isPort(String value, int from, int to) {
    if (to - from > 5) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return from == to || Integer.parseInt(value, from, to, 10) <= 65535;
  }
}
