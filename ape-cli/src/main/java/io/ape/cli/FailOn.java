package io.ape.cli;

import io.ape.api.Outcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code --fail-on deny|escalate} option of {@code simulate} and {@code simulate-batch}. */
final class FailOn {
  private FailOn() {}

  /** The outcomes named (deny, escalate; comma-separated or repeated). */
  static Set<Outcome> parse(List<String> values) {
    Set<Outcome> out = EnumSet.noneOf(Outcome.class);
    for (String v : values) {
      switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "deny":
          out.add(Outcome.DENY);
          break;
        case "escalate":
          out.add(Outcome.ESCALATE);
          break;
        default:
          throw new CliUsageException("--fail-on takes deny or escalate, got '"
              + Text.printable(v) + "'");
      }
    }
    return out;
  }
}
