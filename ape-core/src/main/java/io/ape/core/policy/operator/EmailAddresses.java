package io.ape.core.policy.operator;

import io.ape.core.internal.HostNames;
import io.ape.core.internal.Printable;

/**
 * Strict parsing of one e-mail address ({@code local@domain}) for {@code email_domain_in}:
 * anything a mail system could route elsewhere than the domain after the {@code @} is refused.
 *
 * <ul>
 *   <li>exactly one {@code @}, with a non-empty local part (at most 64 characters) before it and
 *       a domain after it, at most 254 characters in all;</li>
 *   <li>the local part is a dot-atom: letters, digits and {@code #$&'*+-/=?^_`{|}~} (and
 *       non-ASCII letters and digits, RFC 6531), with dots only between them. So a quoted local
 *       part ({@code "eve@evil.com"@acme.com}), a comment ({@code eve(x)@acme.com}), a display
 *       name ({@code Eve <eve@evil.com>}), a source route ({@code @relay:eve@acme.com}) and the
 *       historical {@code %} and {@code !} relay forms ({@code eve%evil.com@acme.com}) are all
 *       refused;</li>
 *   <li>the domain is a host name, normalised like {@code domain_in}'s (IDNA, lower case, one
 *       trailing dot dropped); address literals ({@code [1.2.3.4]}) and names that end in a
 *       number are refused.</li>
 * </ul>
 */
final class EmailAddresses {
  private static final int MAX_LOCAL = 64;
  private static final int MAX_ADDRESS = 254;

  private EmailAddresses() {}

  /** Marks a problem (not a domain) in what {@link #parse} returns. */
  private static final char PROBLEM = '\u0000';

  /** The normalised domain of an address, or why the value is not an address we accept. */
  static UrlHosts.Reading domainOf(String value) {
    String r = parse(value, true, null);
    return r.charAt(0) == PROBLEM ? new UrlHosts.Reading(null, r.substring(1))
        : new UrlHosts.Reading(r, null);
  }

  /** The normalised domain of an address, or {@code null} (the hot path). */
  static String domain(String value) {
    return parse(value, false, null);
  }

  /**
   * Whether {@code value} is an address whose domain is in {@code domains}: {@link Boolean#TRUE}
   * or {@link Boolean#FALSE}, or {@code null} when it is not an address we accept. For a normal
   * domain nothing is allocated.
   */
  static Boolean domainIn(String value, HostSet domains) {
    String r = parse(value, false, domains);
    if (r == null) {
      return null;
    }
    if (r == UrlHosts.IN || r == UrlHosts.OUT) {
      return r == UrlHosts.IN;
    }
    return domains.contains(r);
  }

  private static String parse(String value, boolean describe, HostSet domains) {
    if (value.length() > MAX_ADDRESS) {
      return refuse(describe, "is longer than " + MAX_ADDRESS + " characters");
    }
    int at = value.indexOf('@');
    if (at < 0) {
      return refuse(describe, "is not an e-mail address (it has no '@')");
    }
    if (value.indexOf('@', at + 1) >= 0) {
      return refuse(describe, "has more than one '@' (a quoted local part or a route, refused)");
    }
    if (at == 0) {
      return refuse(describe, "has an empty local part");
    }
    if (at > MAX_LOCAL) {
      return refuse(describe, "has a local part longer than " + MAX_LOCAL + " characters");
    }
    String localProblem = localPartProblem(value, at, describe);
    if (localProblem != null) {
      return refuse(describe, localProblem);
    }
    if (at + 1 == value.length()) {
      return refuse(describe, "has an empty domain");
    }
    if (!describe) {
      int n = value.length();
      long hash = HostNames.lowerLdhHash(value, at + 1, n);
      if (hash >= 0) { // a normal domain: the common case, in one pass
        if (UrlHosts.endsInNumber(value, at + 1, n)) {
          return null;
        }
        return domains == null ? value.substring(at + 1)
            : domains.containsRegion(value, at + 1, n, (int) hash) ? UrlHosts.IN : UrlHosts.OUT;
      }
    }
    if (value.charAt(at + 1) == '[') {
      return refuse(describe, "has an address literal as its domain");
    }
    for (int i = at + 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.')) {
        return refuse(describe, "has the character " + Printable.quoted(String.valueOf(c))
            + " in its domain");
      }
    }
    String name = value.substring(at + 1);
    String host = describe ? null : HostNames.normalizedOrNull(name);
    if (host == null) {
      HostNames.Parsed parsed = HostNames.normalize(name);
      if (!parsed.ok()) {
        return refuse(describe, parsed.error());
      }
      host = parsed.host();
    }
    if (UrlHosts.endsInNumber(host)) {
      return refuse(describe,
          "has a domain that ends in a number (an IP address is not a mail domain)");
    }
    return host;
  }

  private static String refuse(boolean describe, String problem) {
    return describe ? PROBLEM + problem : null;
  }

  private static String localPartProblem(String value, int at, boolean describe) {
    if (value.charAt(0) == '.' || value.charAt(at - 1) == '.') {
      return "has a local part that starts or ends with '.'";
    }
    for (int i = 0; i < at; i++) {
      char c = value.charAt(i);
      if (c == '.') {
        if (value.charAt(i + 1) == '.') {
          return "has '..' in its local part";
        }
        continue;
      }
      if (!isAtext(value, i)) {
        return !describe ? "" : "has the character " + Printable.quoted(String.valueOf(c))
            + " in its local part (quoted local parts, comments, display names and routes are"
            + " refused)";
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return null;
  }

  private static boolean isAtext(String s, int i) {
    char c = s.charAt(i);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    if (c < 0x80) {
      return "#$&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
    int cp = s.codePointAt(i);
    int type = Character.getType(cp);
    return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }
}
