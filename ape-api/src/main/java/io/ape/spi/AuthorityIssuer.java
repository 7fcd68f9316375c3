package io.ape.spi;

import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.TokenBinding;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Issues, verifies, consumes and revokes single-use authority tokens.
 *
 * <p>Contract: {@link #issue} refuses anything but an ALLOW decision for exactly the binding's
 * action; {@link #consume} accepts only the very instance it issued (identity, plus a MAC
 * check), only once (atomic compare-and-set), only before expiry, only if not revoked, and
 * only if the binding equals {@code expected} in every field. Thread-safe.
 */
public interface AuthorityIssuer {
  /**
   * Issues a token.
   *
   * @param binding what the token is bound to
   * @param parameters the parameters the tool will receive (hashed into the binding)
   * @param decision the ALLOW decision for exactly this action and parameters
   * @throws io.ape.api.AuthorityException if the decision is not an ALLOW for this action,
   *     or the registry is full
   */
  AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters, Decision decision);

  /**
   * Verifies and consumes a token in one atomic step.
   *
   * @throws io.ape.api.AuthorityException (a subclass saying why) if the token is refused
   */
  void consume(AuthorityToken token, TokenBinding expected);

  /** Revokes one token; unknown tokens are ignored. */
  void revoke(AuthorityToken token);

  /** Revokes every outstanding token whose binding matches; returns how many. */
  int revokeMatching(Predicate<TokenBinding> filter);

  /** The number of outstanding (issued, not yet consumed, expired or revoked) tokens. */
  int outstanding();
}
