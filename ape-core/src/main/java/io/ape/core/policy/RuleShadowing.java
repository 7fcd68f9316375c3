package io.ape.core.policy;

import io.ape.api.CombiningAlgorithm;
import io.ape.api.Outcome;
import io.ape.api.PolicyProblem;
import io.ape.core.internal.PosixPaths;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds rules that can never apply, or apply only to values they cannot judge, because an
 * earlier rule for the same action (in evaluation order) decides first every request they
 * accept. Used for {@link PolicyEngine#warnings()} ({@code ape validate} prints them,
 * {@code --strict} fails on them).
 *
 * <p>Rule E shadows a later rule R when E is open (or admits every parameter R admits) and
 * each condition of E is implied by a condition of R on the same parameter. The implications
 * recognised are the simple, certain ones: the same condition (operator and argument);
 * {@code prefix} when each of R's prefixes extends one of E's; lexical {@code path_within}
 * when each of R's bases lies within one of E's; {@code one_of}, {@code domain_in},
 * {@code email_domain_in} and {@code allowlist} when R's list is a subset of E's; {@code max}
 * (and {@code min}) when R's bound is at most (at least) E's. Anything else is assumed not
 * shadowed, so a warning is always right but some shadowed rules are not found.
 *
 * <p>A shadowed ALLOW rule never applies. A shadowed DENY or ESCALATE rule still applies to
 * values its conditions cannot judge (an absent parameter, a refused value), which E does not
 * accept; the warning says so. Actions with more than {@value #MAX_PAIRWISE} rules are only
 * checked for rules after an unconditional one (the pairwise check is quadratic).
 */
final class RuleShadowing {
  static final int MAX_PAIRWISE = 256;

  private RuleShadowing() {}

  /** The warnings for the rules of one action, in evaluation order. */
  static List<PolicyProblem> find(List<CompiledRule> rules, CombiningAlgorithm combining) {
    List<PolicyProblem> out = new ArrayList<>();
    boolean pairwise = rules.size() <= MAX_PAIRWISE;
    CompiledRule unconditional = null;
    for (int j = 0; j < rules.size(); j++) {
      CompiledRule r = rules.get(j);
      if (unconditional != null) {
        out.add(new PolicyProblem(r.rule.location(), "rules[" + r.index + "]", "rule '"
            + r.rule.id() + "' is never reached: an earlier rule for '" + r.rule.actionId()
            + "' has no conditions and always decides ('" + unconditional.rule.id() + "')"));
        continue;
      }
      if (pairwise) {
        for (int i = 0; i < j; i++) {
          CompiledRule e = rules.get(i);
          if (shadows(e, r)) {
            out.add(new PolicyProblem(r.rule.location(), "rules[" + r.index + "]",
                message(e, r, combining)));
            break;
          }
        }
      }
      if (r.conditions.length == 0 && r.admitted == null) {
        unconditional = r;
      }
    }
    return out;
  }

  private static String message(CompiledRule e, CompiledRule r, CombiningAlgorithm combining) {
    String earlier = "rule '" + e.rule.id() + "' (" + e.outcome.keyword() + ", line "
        + e.rule.location().line() + ")";
    if (r.outcome == Outcome.ALLOW) {
      return "rule '" + r.rule.id() + "' is never reached: " + earlier + " comes first and"
          + " decides every request whose conditions rule '" + r.rule.id() + "' accepts";
    }
    return "rule '" + r.rule.id() + "' (" + r.outcome.keyword() + ") is shadowed by " + earlier
        + ", which comes first and decides every request whose conditions rule '" + r.rule.id()
        + "' accepts; it only applies to values its conditions cannot judge"
        + (e.outcome == Outcome.ALLOW && combining == CombiningAlgorithm.FIRST_MATCH
            ? ". Move it before rule '" + e.rule.id() + "', or set combining: deny_overrides"
            : "");
  }

  /** Whether {@code e} decides every request whose conditions all hold for {@code r}. */
  static boolean shadows(CompiledRule e, CompiledRule r) {
    if (e.admitted != null && (r.admitted == null || !e.admitted.containsAll(r.admitted))) {
      return false;
    }
    for (BoundCondition ec : e.conditions) {
      boolean implied = false;
      for (BoundCondition rc : r.conditions) {
        if (rc.parameter.equals(ec.parameter) && implies(rc, ec)) {
          implied = true;
          break;
        }
      }
      if (!implied) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code r} holding implies that {@code e} holds (same parameter). */
  static boolean implies(BoundCondition r, BoundCondition e) {
    if (r.kind != e.kind) {
      return false;
    }
    if (r.kind != BoundCondition.Kind.VALUE) {
      return true;
    }
    if (r.template != null || e.template != null || !r.operator.equals(e.operator)) {
      return false;
    }
    Object ra = r.argument;
    Object ea = e.argument;
    if (Objects.equals(ra, ea)) {
      return true;
    }
    switch (r.operator) {
      case "prefix":
        return everyOne(strings(ra), rs -> strings(ea).stream().anyMatch(rs::startsWith));
      case "path_within":
        if (ra instanceof Map<?, ?> || ea instanceof Map<?, ?>) {
          return false;
        }
        return everyOne(strings(ra), rb -> strings(ea).stream().anyMatch(eb ->
            rb.startsWith("/") && eb.startsWith("/")
                && PosixPaths.isWithin(PosixPaths.normalize(rb), PosixPaths.normalize(eb))));
      case "one_of":
        return ra instanceof List<?> rl && ea instanceof List<?> el && el.containsAll(rl);
      case "domain_in":
      case "email_domain_in":
      case "allowlist":
        return everyOne(strings(ra), strings(ea)::contains);
      case "max":
        return ra instanceof Number && ea instanceof Number
            && decimal(ra).compareTo(decimal(ea)) <= 0;
      case "min":
        return ra instanceof Number && ea instanceof Number
            && decimal(ra).compareTo(decimal(ea)) >= 0;
      default:
        return false;
    }
  }

  private static BigDecimal decimal(Object n) {
    return n instanceof Double d ? BigDecimal.valueOf(d) : new BigDecimal(n.toString());
  }

  private static List<String> strings(Object argument) {
    List<String> out = new ArrayList<>();
    if (argument instanceof String s) {
      out.add(s);
    } else if (argument instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s)) {
          return List.of();
        }
        out.add(s);
      }
    }
    return out;
  }

  private static boolean everyOne(List<String> values, java.util.function.Predicate<String> p) {
    return !values.isEmpty() && values.stream().allMatch(p);
  }
}
