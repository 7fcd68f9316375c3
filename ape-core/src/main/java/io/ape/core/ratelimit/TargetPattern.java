package io.ape.core.ratelimit;

import io.ape.api.ApeConfigurationException;
import io.ape.core.internal.Glob;
import io.ape.core.internal.HostNames;
import io.ape.core.internal.Printable;
import java.util.Locale;

/**
 * A compiled target pattern of the {@code rate_limits.targets} section. One pattern is one
 * counter, whatever concrete targets it matches.
 *
 * <ul>
 *   <li>{@code *} matches every target. URLs ({@code https://...}) are refused.
 *   <li>A pattern containing {@code /} or {@code \} is a <b>path</b> glob ({@code *} any run of
 *       characters including {@code /}, {@code ?} one character), matched case-insensitively
 *       against the target's normalised path ({@link Target}).
 *   <li>Anything else is a <b>host</b> pattern, matched against the target's normalised host:
 *       {@code api.github.com} that host only (normalised like the host: case, IDN, trailing
 *       dot); {@code *.github.com} every sub-domain of {@code github.com} at any depth but not
 *       {@code github.com} itself (as {@code domain_in}); other globs ({@code api-*.corp}) over
 *       the lower-cased host. A URL whose host cannot be determined matches every host pattern.
 * </ul>
 */
final class TargetPattern {
  private enum Kind { ANY, PATH, HOST_EXACT, HOST_SUFFIX, HOST_GLOB }

  private final String pattern;
  private final Kind kind;
  private final String literal;
  private final Glob glob;

  private TargetPattern(String pattern, Kind kind, String literal, Glob glob) {
    this.pattern = pattern;
    this.kind = kind;
    this.literal = literal;
    this.glob = glob;
  }

  /** Compiles a pattern or throws {@link ApeConfigurationException} saying why it is invalid. */
  static TargetPattern compile(String pattern) {
    if (pattern == null || pattern.isBlank()
        || pattern.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw invalid(pattern, "must not be empty or contain whitespace or control characters");
    }
    if (pattern.equals("*")) {
      return new TargetPattern(pattern, Kind.ANY, null, null);
    }
    if (pattern.contains("://") || pattern.startsWith("//")) {
      throw invalid(pattern, "is a URL, not a host pattern (write 'api.example.com' or "
          + "'*.example.com', without scheme, user or port)");
    }
    if (pattern.indexOf('/') >= 0 || pattern.indexOf('\\') >= 0) {
      String p = pattern.replace('\\', '/').toLowerCase(Locale.ROOT);
      return new TargetPattern(pattern, Kind.PATH, null, Glob.compile(p));
    }
    for (char c : new char[] {'@', ':', '#'}) {
      if (pattern.indexOf(c) >= 0 && !pattern.startsWith("[")) {
        throw invalid(pattern, "is not a host pattern (write host names such as 'api.example.com' "
            + "or '*.example.com', without scheme, user or port)");
      }
    }
    boolean wildcard = pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    if (!wildcard) {
      return new TargetPattern(pattern, Kind.HOST_EXACT, host(pattern, pattern), null);
    }
    if (pattern.startsWith("*.") && pattern.indexOf('*', 1) < 0 && pattern.indexOf('?') < 0) {
      return new TargetPattern(pattern, Kind.HOST_SUFFIX, "." + host(pattern, pattern.substring(2)),
          null);
    }
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) >= 0x80) {
        throw invalid(pattern, "is a host glob with non-ASCII characters; write the labels in "
            + "punycode (xn--...)");
      }
    }
    return new TargetPattern(pattern, Kind.HOST_GLOB, null,
        Glob.compile(pattern.toLowerCase(Locale.ROOT)));
  }

  private static String host(String pattern, String name) {
    HostNames.Parsed parsed = HostNames.normalize(name);
    if (!parsed.ok()) {
      throw invalid(pattern, parsed.error());
    }
    return parsed.host();
  }

  private static ApeConfigurationException invalid(String pattern, String why) {
    return new ApeConfigurationException("rate_limits.targets: the pattern "
        + Printable.quoted(pattern) + " " + why);
  }

  /** Whether the target counts against this pattern. */
  boolean matches(Target target) {
    switch (kind) {
      case ANY:
        return true;
      case PATH:
        return target.path() != null && glob.matches(target.path());
      default:
        if (target.hostUnknown()) {
          return true;
        }
        String host = target.host();
        if (host == null) {
          return false;
        }
        if (kind == Kind.HOST_EXACT) {
          return host.equals(literal);
        }
        if (kind == Kind.HOST_SUFFIX) {
          return host.endsWith(literal);
        }
        return glob.matches(host);
    }
  }

  @Override
  public String toString() {
    return pattern;
  }
}
