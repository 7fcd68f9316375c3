package io.ape.core.policy.operator;

import io.ape.core.internal.HostNames;
import io.ape.core.internal.Printable;

/**
 * The host of a URL or bare host, for {@code domain_in}, read so that every URL parser a tool
 * might use reaches the same host: a value is accepted only in a strict form on which
 * {@link java.net.URI}, {@link java.net.URL} and a WHATWG-style reading (what browsers,
 * Node.js and curl do) agree; anything else is a value the condition <em>cannot judge</em>
 * (an ALLOW rule does not match it, a DENY or ESCALATE rule applies to it).
 *
 * <p>The accepted form is {@code [scheme "://" | "//"] authority [("/" | "?" | "#") rest]}:
 * <ul>
 *   <li>{@code authority = [userinfo "@"] host [":" port]}, at most one {@code @}; userinfo is
 *       ASCII letters, digits, {@code -._~} and {@code :};</li>
 *   <li>the host is a name (letters, digits, {@code -}, {@code .}; non-ASCII letters only
 *       for the special schemes {@code http}, {@code https}, {@code ws}, {@code wss},
 *       {@code ftp} and bare hosts, converted with IDNA) or a bracketed IPv6 literal; a name that
 *       ends in a number is an IPv4 address and must be written in canonical dotted-decimal
 *       form ({@code 127.0.0.1}, not {@code 0x7f.1}, {@code 127.1} or {@code 0177.0.0.1},
 *       which WHATWG parsers and {@code inet_aton} read as 127.0.0.1 while {@code URI} reads a
 *       name);</li>
 *   <li>the port is at most five digits, at most 65535;</li>
 *   <li>the rest holds only characters {@code URI} accepts there: ASCII letters and digits,
 *       {@code -._~!$&'()*+,;=:@/?}, {@code %} followed by two hex digits, one {@code #}, and
 *       non-ASCII characters.</li>
 * </ul>
 * Refused anywhere: a backslash (WHATWG reads it as {@code /} in special URLs, {@code URL} as
 * part of the userinfo: {@code https://allowed\@other/} reaches {@code other}), white space,
 * control and invisible characters (refused before this class is asked), and a {@code %} in
 * the authority (percent-encoded host bytes).
 *
 * <p>That the three readings agree on every value accepted here is checked by a property test
 * against {@code java.net.URI} and {@code java.net.URL} themselves (for an internationalised
 * name, {@code URI}, which does not implement RFC 3987, gives no host: its reading is then the
 * authority without userinfo and port). Allocation: the host string only.
 */
final class UrlHosts {

  private UrlHosts() {}

  /** A host, or why there is none that every parser would agree on. */
  record Reading(String host, String problem) {
    boolean ok() {
      return host != null;
    }
  }

  /** Marks a problem (not a host) in what {@link #parse} returns; hosts never hold a NUL. */
  private static final char PROBLEM = '\u0000';
  /** ASCII characters {@code URI} accepts after the authority (besides {@code %XX}, {@code #}). */
  private static final boolean[] REST = asciiSet("!$&'()*+,;=:@/?-._~");
  /** ASCII characters of an authority: unreserved, {@code :}, {@code [}, {@code ]}. */
  private static final boolean[] AUTHORITY = asciiSet("-._~:[]");
  /** ASCII characters of user information: unreserved and {@code :}. */
  private static final boolean[] USERINFO = asciiSet("-._~:");

  private static boolean[] asciiSet(String extra) {
    boolean[] set = new boolean[128];
    for (char c = 'a'; c <= 'z'; c++) {
      set[c] = true;
      set[c - 'a' + 'A'] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      set[c] = true;
    }
    for (char c : extra.toCharArray()) {
      set[c] = true;
    }
    return set;
  }

  /** Reads the host of {@code value} (a string that passed the strict {@link StringChecks}). */
  static Reading read(String value) {
    String r = parse(value, true, null);
    return r.charAt(0) == PROBLEM ? new Reading(null, r.substring(1)) : new Reading(r, null);
  }

  /**
   * The normalised host of {@code value}, or {@code null} when it has none all readings agree
   * on (the hot path: allocates the host only).
   */
  static String host(String value) {
    return parse(value, false, null);
  }

  /** What {@link #parse} returns for a host the set holds (the hot path, nothing allocated). */
  static final String IN = new String("in");
  /** What {@link #parse} returns for a host the set does not hold. */
  static final String OUT = new String("out");

  /**
   * Whether {@code value}'s host is in {@code hosts}: {@link Boolean#TRUE} or
   * {@link Boolean#FALSE}, or {@code null} when it has no host all readings agree on. For a
   * normal host name nothing is allocated.
   */
  static Boolean hostIn(String value, HostSet hosts) {
    String r = parse(value, false, hosts);
    if (r == null) {
      return null;
    }
    if (r == IN || r == OUT) {
      return r == IN;
    }
    return hosts.contains(r);
  }

  /**
   * The host, or when there is none: {@code null} ({@code !describe}) or {@link #PROBLEM}
   * followed by why ({@code describe}).
   */
  private static String parse(String value, boolean describe, HostSet hosts) {
    int n = value.length();
    int start = 0;
    boolean special = true;
    if (value.startsWith("//")) {
      start = 2;
    } else {
      int scheme = schemeEnd(value);
      if (scheme > 0) {
        special = isSpecial(value, scheme);
        start = scheme + 3;
      }
    }
    int end = start;
    int at = -1;
    int lastColon = -1;
    while (end < n) {
      char c = value.charAt(end);
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      if (c == '@') {
        if (at >= 0) {
          return refuse(describe, "has more than one '@' in its authority");
        }
        at = end;
      } else if (c == ':') {
        lastColon = end;
      } else if (c >= 0x80 ? isSpace(c) : !AUTHORITY[c]) {
        return refuse(describe, c == '%' ? "has percent-encoded bytes in its authority"
            : describeChar(c, "in its authority"));
      }
      end++;
    }
    boolean fragment = false;
    for (int i = end; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80 ? REST[c] : !isSpace(c)) {
        continue;
      }
      if (c == '#' && !fragment) {
        fragment = true;
        continue;
      }
      if (c == '%' && i + 2 < n && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
        i += 2;
        continue;
      }
      return refuse(describe, c == '\\' ? describeChar(c, "(URL parsers read it differently)")
          : describeChar(c, "at index " + i + ", which java.net.URI refuses in a URL"));
    }
    int hostStart = start;
    if (at >= 0) {
      if (at == start) {
        return refuse(describe, "has an empty user name before '@'");
      }
      for (int i = start; i < at; i++) {
        char c = value.charAt(i);
        if (c >= 0x80 || !USERINFO[c]) {
          return refuse(describe, describeChar(c, "in its user information"));
        }
      }
      hostStart = at + 1;
    }
    int hostEnd;
    int portStart;
    if (hostStart < end && value.charAt(hostStart) == '[') {
      int close = value.indexOf(']', hostStart);
      if (close < 0 || close >= end) {
        return refuse(describe, "has an unterminated IPv6 literal");
      }
      hostEnd = close + 1;
      if (hostEnd < end && value.charAt(hostEnd) != ':') {
        return refuse(describe, "has text after its IPv6 literal");
      }
      portStart = hostEnd == end ? end : hostEnd + 1;
    } else {
      int colon = lastColon >= hostStart ? value.indexOf(':', hostStart) : -1;
      hostEnd = colon >= 0 && colon < end ? colon : end;
      portStart = hostEnd == end ? end : hostEnd + 1;
      if (!describe && (portStart == end || isPort(value, portStart, end))) {
        long hash = HostNames.lowerLdhHash(value, hostStart, hostEnd);
        if (hash >= 0) { // a normal name: the common case, in one pass
          if (endsInNumber(value, hostStart, hostEnd)) {
            String plain = value.substring(hostStart, hostEnd);
            return ipv4Problem(plain) != null ? null
                : hosts == null ? plain : hosts.contains(plain) ? IN : OUT;
          }
          return hosts == null ? value.substring(hostStart, hostEnd)
              : hosts.containsRegion(value, hostStart, hostEnd, (int) hash) ? IN : OUT;
        }
      }
      for (int i = hostStart; i < hostEnd; i++) {
        char c = value.charAt(i);
        if (c == '[' || c == ']') {
          return refuse(describe, "has a bracket in its host name");
        }
        if (c >= 0x80 && !special) {
          return refuse(describe, "has an internationalised host name in a URL of a scheme"
              + " that is not http, https, ws, wss or ftp");
        }
      }
    }
    if (!isPort(value, portStart, end)) {
      return refuse(describe, "has an invalid port "
          + Printable.quoted(value.substring(portStart, end)));
    }
    if (hostEnd == hostStart) {
      return refuse(describe, "has no host");
    }
    String name = value.substring(hostStart, hostEnd);
    String host = describe ? null : HostNames.normalizedOrNull(name);
    if (host == null) {
      HostNames.Parsed parsed = HostNames.normalize(name);
      if (!parsed.ok()) {
        return refuse(describe, parsed.error());
      }
      host = parsed.host();
    }
    if (endsInNumber(host)) {
      String ipv4Problem = ipv4Problem(host);
      if (ipv4Problem != null) {
        return refuse(describe, ipv4Problem);
      }
    }
    return host;
  }

  private static String refuse(boolean describe, String problem) {
    return describe ? PROBLEM + problem : null;
  }

  private static String describeChar(char c, String where) {
    if (c == '\\') {
      return "contains a backslash " + where;
    }
    if (isSpace(c) || c == ' ') {
      return "contains white space";
    }
    return "has the character " + Printable.quoted(String.valueOf(c)) + " " + where;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Whether {@code value[0, end)} is one of the special schemes, in any case. */
  private static boolean isSpecial(String value, int end) {
    switch (end) {
      case 2:
        return value.regionMatches(true, 0, "ws", 0, 2);
      case 3:
        return value.regionMatches(true, 0, "wss", 0, 3) || value.regionMatches(true, 0, "ftp", 0, 3);
      case 4:
        return value.regionMatches(true, 0, "http", 0, 4);
      case 5:
        return value.regionMatches(true, 0, "https", 0, 5);
      default:
        return false;
    }
  }

  /** The index of {@code ://} after a leading scheme, or -1. */
  private static int schemeEnd(String value) {
    int colon = value.indexOf("://");
    if (colon <= 0) {
      return -1;
    }
    for (int i = 0; i < colon; i++) {
      char c = value.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!(letter || (i > 0 && other))) {
        return -1;
      }
    }
    return colon;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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

  /**
   * For a normalised host whose last label is a number (decimal, or {@code 0x} hex): why it is
   * not a canonical dotted-decimal IPv4 address, or {@code null} if it is one (or is no IPv4
   * candidate at all). WHATWG parsers turn {@code 0x7f.1}, {@code 127.1} and {@code 0177.0.0.1}
   * into 127.0.0.1; {@code URI} and {@code URL} keep them as names.
   */
  static String ipv4Problem(String host) {
    if (!endsInNumber(host)) {
      return null;
    }
    int n = host.length();
    int parts = 0;
    int partStart = 0;
    for (int i = 0; i <= n; i++) {
      if (i < n && host.charAt(i) != '.') {
        continue;
      }
      parts++;
      if (!isCanonicalOctet(host, partStart, i)) {
        return "has an IPv4 address that is not in canonical dotted-decimal form ("
            + Printable.quoted(host) + ")";
      }
      partStart = i + 1;
    }
    return parts == 4 ? null
        : "is a number or an IPv4 address not written as four dotted decimal numbers";
  }

  /**
   * Whether the last label of a host is a number (decimal, or {@code 0x} hex): WHATWG parsers
   * then read the host as an IPv4 address.
   */
  static boolean endsInNumber(String host) {
    return endsInNumber(host, 0, host.length());
  }

  /** {@link #endsInNumber(String)} of {@code host[start, n)}. */
  static boolean endsInNumber(String host, int start, int n) {
    if (n > start && host.charAt(start) == '[') {
      return false;
    }
    int from = Math.max(start, host.lastIndexOf('.', n - 1) + 1);
    if (n - from >= 2 && host.charAt(from) == '0' && host.charAt(from + 1) == 'x') {
      return true;
    }
    if (from >= n) {
      return false;
    }
    for (int i = from; i < n; i++) {
      char c = host.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} is a decimal number 0-255 without leading zeros. */
  private static boolean isCanonicalOctet(String s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 3 || (len > 1 && s.charAt(from) == '0')) {
      return false;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255;
  }

}
