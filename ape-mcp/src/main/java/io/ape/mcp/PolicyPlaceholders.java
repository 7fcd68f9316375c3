package io.ape.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder values a generated policy contains until a person fills them in.
 *
 * <p>Every placeholder starts with {@link #PREFIX}. A generated policy is valid as it stands, and
 * its placeholder conditions match nothing a real deployment uses (no real file lies within a
 * directory called {@code TODO-set-allowed-root}, no real host is {@code TODO-set-allowed-domains}),
 * so an unfilled policy errs towards denial; but {@code ape validate --strict} must refuse it while
 * {@link #containsPlaceholders(String)} is {@code true}.
 */
public final class PolicyPlaceholders {
  /** What every placeholder starts with. */
  public static final String PREFIX = "TODO-set-allowed-";
  /**
   * The argument of a generated {@code path_within} condition: an absolute path (the operator
   * requires one) of a directory no real system has.
   */
  public static final String ROOT = "/" + PREFIX + "root";
  /**
   * The argument of a generated {@code domain_in} condition: a host under the reserved
   * {@code .invalid} top-level domain (RFC 2606), which never resolves.
   */
  public static final String DOMAINS = PREFIX + "domains.invalid";

  private static final Pattern ANY = Pattern.compile("/?" + Pattern.quote(PREFIX) + "[A-Za-z0-9_.-]*");

  private PolicyPlaceholders() {}

  /**
   * {@code true} if the policy text still contains a placeholder outside comments. (Comments are
   * ignored, so a filled-in policy that explains what it replaced is accepted.)
   */
  public static boolean containsPlaceholders(String policyText) {
    return policyText != null && policyText.contains(PREFIX) && !find(policyText).isEmpty();
  }

  /**
   * Each placeholder occurrence outside comments, with its 1-based line, e.g.
   * {@code "12: /TODO-set-allowed-root"}.
   */
  public static List<String> find(String policyText) {
    List<String> out = new ArrayList<>();
    if (policyText == null) {
      return out;
    }
    String[] lines = policyText.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = ANY.matcher(withoutComment(lines[i]));
      while (m.find()) {
        out.add((i + 1) + ": " + m.group());
      }
    }
    return out;
  }

  /** The line without a YAML comment: a {@code #} at the start or after a blank, outside quotes. */
  static String withoutComment(String line) {
    boolean inDouble = false;
    boolean inSingle = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inDouble) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inDouble = false;
        }
      } else if (inSingle) {
        if (c == '\'') {
          inSingle = false;
        }
      } else if (c == '"') {
        inDouble = true;
      } else if (c == '\'') {
        inSingle = true;
      } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
