package io.ape.agentdojo.suites.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Pydantic's {@code EmailStr} (the {@code email-validator} package without deliverability checks),
 * for ASCII addresses: a local part of atext characters and single dots, one {@code @}, a domain
 * of at least two labels ({@code [A-Za-z0-9-]}, not starting or ending with {@code -}) whose last
 * label is not all digits. The normalised form lower-cases the domain, as email-validator does.
 *
 * @since 0.2.0
 */
public final class EmailAddresses {
  private static final Pattern LOCAL =
      Pattern.compile("^[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]+(\\.[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]+)*$");
  private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$");

  private EmailAddresses() {}

  /**
   * The normalised address.
   *
   * @throws IllegalArgumentException "value is not a valid email address: ..."
   */
  public static String validate(String value) {
    String v = value == null ? "" : value.strip();
    int at = v.lastIndexOf('@');
    if (at <= 0 || at == v.length() - 1 || v.indexOf('@') != at) {
      throw invalid(value, "An email address must have exactly one @-sign.");
    }
    String local = v.substring(0, at);
    String domain = v.substring(at + 1);
    if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
      throw invalid(value, "The email address contains invalid characters before the @-sign.");
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      throw invalid(value, "The part after the @-sign is not valid. It should have a period.");
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || !LABEL.matcher(label).matches()) {
        throw invalid(value, "The part after the @-sign is not valid.");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw invalid(value, "The part after the @-sign is not valid. It is not within a valid top-level domain.");
    }
    return local + "@" + domain.toLowerCase(Locale.ROOT);
  }

  private static IllegalArgumentException invalid(String value, String reason) {
    return new IllegalArgumentException("value is not a valid email address: " + reason + " ('" + value + "')");
  }
}
