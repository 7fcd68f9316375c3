package io.ape.core.internal;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first, straightforward versions of {@link HostNames#hostOf}, {@link PosixPaths#normalize}
 * and {@link Printable#quoted}, kept verbatim as the oracle for {@link FastPathEquivalenceTest}:
 * the faster versions must give exactly the same results and messages for every input.
 */
final class ReferenceStringOperations {
  private static final int MAX_PRINTED = 96;

  private ReferenceStringOperations() {}

  private static HostNames.Parsed error(String message) {
    return new HostNames.Parsed(null, message);
  }

  /** Extracts and normalises the host of a URL or bare host. */
  static HostNames.Parsed hostOf(String value) {
    String rest;
    if (value.startsWith("//")) {
      rest = value.substring(2);
    } else {
      int schemeEnd = value.indexOf("://");
      if (schemeEnd >= 0) {
        if (!isScheme(value, schemeEnd)) {
          return error("is not a URL or host name (malformed scheme)");
        }
        rest = value.substring(schemeEnd + 3);
      } else {
        rest = value;
      }
    }
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return error("has an unterminated IPv6 literal");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        return error("has text after its IPv6 literal");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
    }
    if (!isPort(port)) {
      return error("has an invalid port " + quoted(port));
    }
    if (host.isEmpty()) {
      return error("has no host");
    }
    return normalizeHost(host);
  }

  /** Normalises a host name (no scheme, userinfo or port). */
  static HostNames.Parsed normalizeHost(String host) {
    if (host.startsWith("[")) {
      return ipv6(host);
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty()) {
      return error("has an empty host");
    }
    String ascii;
    try {
      ascii = isPlainAscii(h) ? h : IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return error("has a host that is not a valid internationalised domain name ("
          + e.getMessage() + ")");
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    String problem = ldhProblem(ascii);
    return problem == null ? new HostNames.Parsed(ascii, null) : error(problem);
  }

  private static HostNames.Parsed ipv6(String host) {
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
    return new HostNames.Parsed(host.toLowerCase(Locale.ROOT), null);
  }

  private static boolean isPlainAscii(String h) {
    for (int i = 0; i < h.length(); i++) {
      if (h.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Why an ASCII host is not a valid letters-digits-hyphen name, or {@code null}. */
  private static String ldhProblem(String h) {
    if (h.length() > 253) {
      return "has a host longer than 253 characters";
    }
    int labelStart = 0;
    for (int i = 0; i <= h.length(); i++) {
      if (i == h.length() || h.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0) {
          return "has a host with an empty label";
        }
        if (len > 63) {
          return "has a host label longer than 63 characters";
        }
        if (h.charAt(labelStart) == '-' || h.charAt(i - 1) == '-') {
          return "has a host label that starts or ends with '-'";
        }
        labelStart = i + 1;
      } else {
        char c = h.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return "has a host with the character " + quoted(String.valueOf(c))
              + " (only letters, digits, '-' and '.' are allowed)";
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

  private static boolean isPort(String port) {
    if (port.length() > 5) {
      return false;
    }
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return port.isEmpty() || Integer.parseInt(port) <= 65535;
  }

  static String normalizePath(String path) {
    if (isNormal(path)) {
      return path;
    }
    List<String> segments = new ArrayList<>();
    int start = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        String seg = path.substring(start, i);
        if (seg.isEmpty() || seg.equals(".")) {
          // skip
        } else if (seg.equals("..")) {
          if (!segments.isEmpty()) {
            segments.remove(segments.size() - 1);
          }
        } else {
          segments.add(seg);
        }
        start = i + 1;
      }
    }
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder(path.length());
    for (String seg : segments) {
      sb.append('/').append(seg);
    }
    return sb.toString();
  }

  static boolean isNormal(String p) {
    int n = p.length();
    if (n == 1) {
      return true;
    }
    if (p.charAt(n - 1) == '/') {
      return false;
    }
    int segStart = 1;
    for (int i = 1; i <= n; i++) {
      if (i == n || p.charAt(i) == '/') {
        int len = i - segStart;
        if (len == 0 || (len == 1 && p.charAt(segStart) == '.')
            || (len == 2 && p.charAt(segStart) == '.' && p.charAt(segStart + 1) == '.')) {
          return false;
        }
        segStart = i + 1;
      }
    }
    return true;
  }

  static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_PRINTED) + 8).append('\'');
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= MAX_PRINTED) {
        sb.append("...(").append(s.length()).append(" chars)");
        break;
      }
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
