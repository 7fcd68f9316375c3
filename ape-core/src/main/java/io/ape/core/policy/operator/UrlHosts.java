package io.ape.core.policy.operator;

import io.ape.core.internal.HostNames;
import io.ape.core.internal.Printable;
import java.util.Locale;
import java.util.Set;

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
  private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp");

  private UrlHosts() {}

  /** A host, or why there is none that every parser would agree on. */
  record Reading(String host, String problem) {
    boolean ok() {
      return host != null;
    }
  }

  private static Reading refuse(String problem) {
    return new Reading(null, problem);
  }

  /** Reads the host of {@code value} (a string that passed the strict {@link StringChecks}). */
  static Reading read(String value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        return refuse("contains a backslash, which URL parsers read differently");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return refuse("contains white space");
      }
    }
    int start = 0;
    boolean special = true;
    if (value.startsWith("//")) {
      start = 2;
    } else {
      int scheme = schemeEnd(value);
      if (scheme > 0) {
        special = SPECIAL.contains(value.substring(0, scheme).toLowerCase(Locale.ROOT));
        start = scheme + 3;
      }
    }
    int end = start;
    int at = -1;
    while (end < n) {
      char c = value.charAt(end);
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      if (c == '@') {
        if (at >= 0) {
          return refuse("has more than one '@' in its authority");
        }
        at = end;
      } else if (c == '%') {
        return refuse("has percent-encoded bytes in its authority");
      } else if (!isAuthorityChar(c)) {
        return refuse("has the character " + Printable.quoted(String.valueOf(c))
            + " in its authority");
      }
      end++;
    }
    String problem = restProblem(value, end);
    if (problem != null) {
      return refuse(problem);
    }
    int hostStart = start;
    if (at >= 0) {
      if (at == start) {
        return refuse("has an empty user name before '@'");
      }
      for (int i = start; i < at; i++) {
        if (!isUserinfoChar(value.charAt(i))) {
          return refuse("has the character " + Printable.quoted(String.valueOf(value.charAt(i)))
              + " in its user information");
        }
      }
      hostStart = at + 1;
    }
    int hostEnd;
    int portStart;
    if (hostStart < end && value.charAt(hostStart) == '[') {
      int close = value.indexOf(']', hostStart);
      if (close < 0 || close >= end) {
        return refuse("has an unterminated IPv6 literal");
      }
      hostEnd = close + 1;
      if (hostEnd < end && value.charAt(hostEnd) != ':') {
        return refuse("has text after its IPv6 literal");
      }
      portStart = hostEnd == end ? end : hostEnd + 1;
    } else {
      int colon = value.indexOf(':', hostStart);
      hostEnd = colon >= 0 && colon < end ? colon : end;
      portStart = hostEnd == end ? end : hostEnd + 1;
      for (int i = hostStart; i < hostEnd; i++) {
        char c = value.charAt(i);
        if (c == '[' || c == ']') {
          return refuse("has a bracket in its host name");
        }
        if (c >= 0x80 && !special) {
          return refuse("has an internationalised host name in a URL of a scheme that is not"
              + " http, https, ws, wss or ftp");
        }
      }
    }
    if (!isPort(value, portStart, end)) {
      return refuse("has an invalid port " + Printable.quoted(value.substring(portStart, end)));
    }
    if (hostEnd == hostStart) {
      return refuse("has no host");
    }
    HostNames.Parsed parsed = HostNames.normalize(value.substring(hostStart, hostEnd));
    if (!parsed.ok()) {
      return refuse(parsed.error());
    }
    String ipv4Problem = ipv4Problem(parsed.host());
    return ipv4Problem == null ? new Reading(parsed.host(), null) : refuse(ipv4Problem);
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

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean isUserinfoChar(char c) {
    return isUnreserved(c) || c == ':';
  }

  private static boolean isAuthorityChar(char c) {
    return isUnreserved(c) || c == ':' || c == '[' || c == ']' || c >= 0x80;
  }

  /** Why the part of {@code value} after its authority is not in the accepted form, or null. */
  private static String restProblem(String value, int from) {
    boolean fragment = false;
    int n = value.length();
    for (int i = from; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || isUnreserved(c) || "!$&'()*+,;=:@/?".indexOf(c) >= 0) {
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
      return "has the character " + Printable.quoted(String.valueOf(c)) + " at index " + i
          + ", which java.net.URI refuses in a URL";
    }
    return null;
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
    if (host.startsWith("[")) {
      return null;
    }
    int lastDot = host.lastIndexOf('.');
    String last = host.substring(lastDot + 1);
    boolean numeric = !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    boolean hex = last.length() >= 2 && last.charAt(0) == '0' && last.charAt(1) == 'x';
    if (!numeric && !hex) {
      return null;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return "is a number or an IPv4 address not written as four dotted decimal numbers";
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
        return "has an IPv4 address that is not in canonical dotted-decimal form ("
            + Printable.quoted(host) + ")";
      }
    }
    return null;
  }
}
