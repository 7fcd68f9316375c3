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

  /** Extracts and normalises the host of a URL or bare host. */
  public static Parsed hostOf(String value) {
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
      return error("has an invalid port " + Printable.quoted(port));
    }
    if (host.isEmpty()) {
      return error("has no host");
    }
    return normalize(host);
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
    String ascii;
    try {
      ascii = isPlainAscii(h) ? h : IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return error("has a host that is not a valid internationalised domain name ("
          + e.getMessage() + ")");
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    String problem = ldhProblem(ascii);
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
          return "has a host with the character " + Printable.quoted(String.valueOf(c))
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
}
