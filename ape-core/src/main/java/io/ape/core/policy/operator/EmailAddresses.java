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

  /** The normalised domain of an address, or why the value is not an address we accept. */
  static UrlHosts.Reading domainOf(String value) {
    if (value.length() > MAX_ADDRESS) {
      return refuse("is longer than " + MAX_ADDRESS + " characters");
    }
    int at = value.indexOf('@');
    if (at < 0) {
      return refuse("is not an e-mail address (it has no '@')");
    }
    if (value.indexOf('@', at + 1) >= 0) {
      return refuse("has more than one '@' (a quoted local part or a route, refused)");
    }
    if (at == 0) {
      return refuse("has an empty local part");
    }
    if (at > MAX_LOCAL) {
      return refuse("has a local part longer than " + MAX_LOCAL + " characters");
    }
    String localProblem = localPartProblem(value, at);
    if (localProblem != null) {
      return refuse(localProblem);
    }
    String domain = value.substring(at + 1);
    if (domain.isEmpty()) {
      return refuse("has an empty domain");
    }
    if (domain.startsWith("[")) {
      return refuse("has an address literal as its domain");
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.')) {
        return refuse("has the character " + Printable.quoted(String.valueOf(c))
            + " in its domain");
      }
    }
    HostNames.Parsed parsed = HostNames.normalize(domain);
    if (!parsed.ok()) {
      return refuse(parsed.error());
    }
    String host = parsed.host();
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return refuse("has a domain that ends in a number (an IP address is not a mail domain)");
    }
    return new UrlHosts.Reading(host, null);
  }

  private static UrlHosts.Reading refuse(String problem) {
    return new UrlHosts.Reading(null, problem);
  }

  private static String localPartProblem(String value, int at) {
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
        return "has the character " + Printable.quoted(String.valueOf(c))
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
