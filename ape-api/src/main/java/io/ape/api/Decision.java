package io.ape.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of evaluating one action against a policy. A denial is data: evaluating never
 * throws for a DENY; only enforcing calls throw {@link PolicyDenyException}.
 *
 * <p>Immutable and thread-safe. A decision made by the policy engine may keep the facts of the
 * request (its parameters and context) instead of its finished reason text: {@link #reason()}
 * and {@link #failedConditions()} are then rendered on first read, by an {@link Explainer}
 * fixed when the policy was compiled, and the same text is returned on every later read (so a
 * DENY costs no string building unless someone reads why). Either way, two decisions are equal
 * when all of their accessors return equal values, as for a record.
 *
 * <p>Until 0.1 this was a record with the same components and accessors; its canonical
 * constructor and accessors are unchanged.
 *
 * @since 0.1.0
 */
public final class Decision {
  private final Outcome outcome;
  private final String actionId;
  private final String matchedRule;
  private final String policyVersion;
  private final DecisionSource source;
  /** Renders the reason and failed conditions from {@link #facts}; {@code null} when eager. */
  private final Explainer explainer;
  private final ActionRequest facts;
  private volatile String reason;
  private volatile List<ConditionFailure> failedConditions;

  /**
   * A decision whose reason is known.
   *
   * @param outcome ALLOW, DENY or ESCALATE
   * @param actionId the action id as requested (may be malformed when {@code source} is
   *     {@link DecisionSource#INVALID_REQUEST})
   * @param reason a human-readable explanation, never {@code null}
   * @param matchedRule the id of the rule that decided, or {@code null} if no rule decided
   * @param failedConditions conditions that failed on the way to this decision (possibly empty)
   * @param policyVersion the SHA-256 (hex) of the policy that decided, or {@code ""} if none
   * @param source which evaluation step decided
   */
  public Decision(Outcome outcome, String actionId, String reason, String matchedRule,
      List<ConditionFailure> failedConditions, String policyVersion, DecisionSource source) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.actionId = Objects.requireNonNull(actionId, "actionId");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.matchedRule = matchedRule;
    this.failedConditions = List.copyOf(failedConditions);
    this.policyVersion = Objects.requireNonNull(policyVersion, "policyVersion");
    this.source = Objects.requireNonNull(source, "source");
    this.explainer = null;
    this.facts = null;
  }

  private Decision(Outcome outcome, String actionId, String matchedRule, String policyVersion,
      DecisionSource source, Explainer explainer, ActionRequest facts) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.actionId = Objects.requireNonNull(actionId, "actionId");
    this.matchedRule = matchedRule;
    this.policyVersion = Objects.requireNonNull(policyVersion, "policyVersion");
    this.source = Objects.requireNonNull(source, "source");
    this.explainer = Objects.requireNonNull(explainer, "explainer");
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /**
   * Renders the reason and the failed conditions of a decision from the request it decided,
   * when they are first read. Implementations are immutable, thread-safe and deterministic
   * (the same request always gives the same text) and never throw.
   *
   * @since 0.2.0
   */
  public interface Explainer {
    /** The reason of the decision about {@code request}. */
    String reason(ActionRequest request);

    /** The conditions that failed on the way to the decision about {@code request}. */
    List<ConditionFailure> failedConditions(ActionRequest request);
  }

  /**
   * A decision that keeps the request it decided and renders its reason and failed conditions
   * with {@code explainer} on first read. {@code request} must be the immutable request the
   * decision is about (its parameters are a deep copy, see {@link ActionRequest}).
   *
   * @since 0.2.0
   */
  public static Decision explained(Outcome outcome, String actionId, String matchedRule,
      String policyVersion, DecisionSource source, Explainer explainer, ActionRequest request) {
    return new Decision(outcome, actionId, matchedRule, policyVersion, source, explainer,
        request);
  }

  /** A DENY produced outside normal evaluation (bad input, internal error). */
  public static Decision deny(String actionId, String reason, DecisionSource source,
      String policyVersion) {
    return new Decision(Outcome.DENY, String.valueOf(actionId), reason, null, List.of(),
        policyVersion == null ? "" : policyVersion, source);
  }

  /** ALLOW, DENY or ESCALATE. */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * The action id as requested (may be malformed when {@link #source()} is
   * {@link DecisionSource#INVALID_REQUEST}).
   */
  public String actionId() {
    return actionId;
  }

  /** A human-readable explanation, never {@code null}; the same text on every read. */
  public String reason() {
    String r = reason;
    if (r == null) {
      r = render();
    }
    return r;
  }

  /** The id of the rule that decided, or {@code null} if no rule decided. */
  public String matchedRule() {
    return matchedRule;
  }

  /** Conditions that failed on the way to this decision (possibly empty, unmodifiable). */
  public List<ConditionFailure> failedConditions() {
    List<ConditionFailure> f = failedConditions;
    if (f == null) {
      f = renderFailures();
    }
    return f;
  }

  /** The SHA-256 (hex) of the policy that decided, or {@code ""} if none. */
  public String policyVersion() {
    return policyVersion;
  }

  /** Which evaluation step decided. */
  public DecisionSource source() {
    return source;
  }

  private synchronized String render() {
    String r = reason;
    if (r != null) {
      return r;
    }
    try {
      r = explainer.reason(facts);
    } catch (RuntimeException e) {
      r = null;
    }
    if (r == null) {
      r = outcome + " for '" + ActionIds.printable(actionId) + "' (" + source
          + "; the reason could not be rendered)";
    }
    reason = r;
    return r;
  }

  private synchronized List<ConditionFailure> renderFailures() {
    List<ConditionFailure> f = failedConditions;
    if (f != null) {
      return f;
    }
    try {
      List<ConditionFailure> rendered = explainer.failedConditions(facts);
      f = rendered == null ? List.of() : List.copyOf(rendered);
    } catch (RuntimeException e) {
      f = List.of();
    }
    failedConditions = f;
    return f;
  }

  /** {@code true} only when the outcome is ALLOW. */
  public boolean isAllowed() {
    return outcome == Outcome.ALLOW;
  }

  /** {@code true} when this ALLOW came from a policy's default (an allow-by-default policy). */
  public boolean isDefaultAllow() {
    return outcome == Outcome.ALLOW && source == DecisionSource.DEFAULT;
  }

  /** The id of the deciding rule, if a rule decided. */
  public Optional<String> matchedRuleId() {
    return Optional.ofNullable(matchedRule);
  }

  /** Equal when every accessor returns an equal value (reasons are rendered to compare). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Decision d && outcome == d.outcome && actionId.equals(d.actionId)
        && Objects.equals(matchedRule, d.matchedRule) && policyVersion.equals(d.policyVersion)
        && source == d.source && reason().equals(d.reason())
        && failedConditions().equals(d.failedConditions());
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, actionId, reason(), matchedRule, failedConditions(),
        policyVersion, source);
  }

  /** The same form as the record this class was: {@code Decision[outcome=..., ...]}. */
  @Override
  public String toString() {
    return "Decision[outcome=" + outcome + ", actionId=" + actionId + ", reason=" + reason()
        + ", matchedRule=" + matchedRule + ", failedConditions=" + failedConditions()
        + ", policyVersion=" + policyVersion + ", source=" + source + "]";
  }
}
