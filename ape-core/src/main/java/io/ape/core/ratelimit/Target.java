package io.ape.core.ratelimit;

import io.ape.core.internal.HostNames;
import io.ape.core.internal.PosixPaths;
import java.util.Locale;
import java.util.Set;

/**
 * A target value as the target patterns see it: the normalised host it reaches and/or the
 * normalised path it names.
 *
 * <ul>
 *   <li>A {@code file:} URL is the path it names.
 *   <li>A value starting with {@code //} is both a scheme-relative URL and an absolute path.
 *   <li>A URL ({@code scheme://...}, or {@code http:}/{@code https:}/{@code ws:}/
 *       {@code wss:}/{@code ftp:} followed by anything, which lenient URL parsers read as a
 *       host) has a host: the engine's {@code domain_in} normalisation (userinfo and
 *       port dropped, IDN to punycode, lower case, trailing dot dropped). If no valid host can
 *       be extracted, the host is <em>unknown</em> and counts against every host pattern.
 *   <li>Any other value containing {@code /} or {@code \} is a path.
 *   <li>Any other value is both: a host if it parses as {@code host[:port]} or
 *       {@code user@host} (an e-mail address counts against its domain), and a relative path.
 * </ul>
 *
 * <p>Paths use {@code /} ({@code \} is read as {@code /}), are normalised lexically
 * ({@code .}, {@code ..} and repeated separators resolved) and lower-cased, so that a
 * case-insensitive file system cannot be used to dodge a pattern (on a case-sensitive one
 * this over-counts, which is the safe direction).
 *
 * @param host the normalised host, or {@code null}
 * @param hostUnknown {@code true} for a URL whose host cannot be determined
 * @param path the normalised, lower-cased path, or {@code null}
 */
record Target(String host, boolean hostUnknown, String path) {
  private static final Set<String> SPECIAL_SCHEMES =
      Set.of("http", "https", "ws", "wss", "ftp");

  /** Classifies a raw target value; {@code null} for {@code null} or empty. */
  static Target of(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    int colon = raw.indexOf(':');
    if (colon == 4 && raw.regionMatches(true, 0, "file", 0, 4)) {
      return fileUrl(raw.substring(5));
    }
    if (raw.startsWith("//")) {
      Target url = url(raw);
      return new Target(url.host(), url.hostUnknown(), path(raw));
    }
    if (raw.contains("://")) {
      return url(raw);
    }
    if (colon > 1 && SPECIAL_SCHEMES.contains(raw.substring(0, colon).toLowerCase(Locale.ROOT))) {
      int start = colon + 1;
      while (start < raw.length() && (raw.charAt(start) == '/' || raw.charAt(start) == '\\')) {
        start++;
      }
      return url("//" + raw.substring(start));
    }
    if (raw.indexOf('/') >= 0 || raw.indexOf('\\') >= 0) {
      return new Target(null, false, path(raw));
    }
    HostNames.Parsed parsed = HostNames.hostOf(raw);
    return new Target(parsed.ok() ? parsed.host() : null, false, path(raw));
  }

  /** {@code file:///a/b} and {@code file:/a/b} name the path {@code /a/b}; the host is ignored. */
  private static Target fileUrl(String rest) {
    String p = rest.replace('\\', '/');
    if (p.startsWith("//")) {
      int slash = p.indexOf('/', 2);
      p = slash < 0 ? "/" : p.substring(slash);
    }
    return new Target(null, false, path(p.isEmpty() ? "/" : p));
  }

  private static Target url(String raw) {
    HostNames.Parsed parsed = HostNames.hostOf(raw);
    return parsed.ok() ? new Target(parsed.host(), false, null) : new Target(null, true, null);
  }

  /** Normalises a path: separators, {@code .}/{@code ..}, case. Relative paths stay relative. */
  static String path(String raw) {
    String p = raw.replace('\\', '/').toLowerCase(Locale.ROOT);
    if (p.startsWith("/")) {
      return PosixPaths.normalize(p);
    }
    String normal = PosixPaths.normalize("/" + p);
    return normal.length() == 1 ? "." : normal.substring(1);
  }
}
