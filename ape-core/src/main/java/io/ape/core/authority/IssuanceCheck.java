package io.ape.core.authority;

import io.ape.api.Decision;
import io.ape.api.TokenBinding;
import java.util.Map;

/**
 * A last check before a token is issued, after the policy said ALLOW (e.g. a rate limiter or
 * risk budget that reserves capacity for the action). It runs under the run's lock, once per
 * issuance, in the order the checks were added; it can only refuse, by throwing (preferably an
 * {@link io.ape.api.ApeException} such as {@code RateLimitExceededException}). A check that
 * reserved something must expect that the issuer may still refuse afterwards (rare: a full
 * registry).
 */
@FunctionalInterface
public interface IssuanceCheck {
  /**
   * Throws to refuse issuing a token with {@code binding}.
   *
   * @param binding what the token would be bound to
   * @param decision the ALLOW decision (after an approved escalation, the derived ALLOW)
   * @param parameters the parameters the tool would receive
   */
  void check(TokenBinding binding, Decision decision, Map<String, Object> parameters);
}
