package io.ape.cli;

import io.ape.api.ConditionFailure;
import io.ape.api.Decision;
import io.ape.api.Policy;
import java.util.Map;

/** The human-readable form of a decision, shared by {@code simulate} and {@code explain}. */
final class DecisionText {
  private DecisionText() {}

  static void print(Output out, Decision d, Policy policy) {
    out.line(Text.printable(d.actionId()) + ": " + out.outcome(d.outcome()));
    out.line("  reason:     " + Text.printable(d.reason()));
    if (d.matchedRule() != null) {
      out.line("  rule:       " + Text.printable(d.matchedRule()));
    }
    for (ConditionFailure f : d.failedConditions()) {
      out.line("  failed:     " + Text.printable(f.toString()));
    }
    out.line("  decided by: " + d.source().name());
    out.line("  policy:     " + Text.printable(policy.source().name()) + " (sha256 "
        + shortDigest(d.policyVersion().isEmpty() ? policy.version() : d.policyVersion()) + ")");
  }

  /** Warns on stderr when an ALLOW came from a default-allow policy. */
  static void warnIfDefaultAllow(Output out, Decision d) {
    if (d.isDefaultAllow()) {
      out.warn(d.actionId(), "ALLOWED only because the policy's default decision is allow "
          + "(default allow)");
    }
  }

  /** The JSON form: the decision plus the policy file. */
  static Map<String, Object> json(Decision d, Policy policy) {
    Map<String, Object> m = Views.decision(d);
    m.put("policy", policy.source().name());
    return m;
  }

  static String shortDigest(String sha256) {
    return sha256.length() > 16 ? sha256.substring(0, 16) + "..." : sha256;
  }
}
