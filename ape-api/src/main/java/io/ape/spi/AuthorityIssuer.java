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
 * action and a parameter map whose canonical hash ({@link io.ape.api.ParameterHash#of}) is the
 * binding's; {@link #consume} accepts only the very instance it issued (identity, plus a MAC
 * check), only once (atomic compare-and-set: of any number of concurrent consumers exactly one
 * wins), only before expiry (measured on the clock of the {@link ProviderContext}), only if not
 * revoked, only if the binding equals {@code expected} in every field, and only while the policy
 * in force is the one the token was issued under. Consumption, revocation and expiry are final:
 * a token refused as expired stays refused if the clock is later set back. Whether a token
 * refused for another binding, tenant or policy version is also revoked is the implementation's
 * choice. Thread-safe; no global lock on issue or consume. {@code io.ape:ape-testkit}'s
 * {@code AuthorityIssuerContract} checks all of this.
 *
 * @since 0.1.0
 */
public interface AuthorityIssuer {
  /**
   * Issues a token.
   *
   * @param binding what the token is bound to
   * @param parameters the parameters the tool will receive (hashed into the binding)
   * @param decision the ALLOW decision for exactly this action and parameters
   * @throws io.ape.api.AuthorityException if the binding or the decision is {@code null}, the
   *     decision is not an ALLOW for this action, the parameters' canonical hash is not the
   *     binding's, or the registry is full (nothing is issued)
   * @throws io.ape.api.ApeException if a parameter value is outside the parameter model of
   *     {@link io.ape.api.ParameterValues}
   */
  AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters, Decision decision);

  /**
   * Verifies and consumes a token in one atomic step.
   *
   * @param token the token presented
   * @param expected the binding the token must have, field by field
   * @param policyVersion the version of the policy in force now; a token issued under another
   *     version is revoked and refused
   * @throws io.ape.api.AuthorityException (a subclass saying why) if the token is refused:
   *     {@code TokenNotFoundException} ({@code null}, not issued here, a copy or wrapper of a
   *     token, integrity check failed),
   *     {@code TokenConsumedException}, {@code TokenRevokedException},
   *     {@code TokenExpiredException}, {@code TenantMismatchException},
   *     {@code TokenMismatchException}
   * @throws NullPointerException if {@code expected} is {@code null}
   */
  void consume(AuthorityToken token, TokenBinding expected, String policyVersion);

  /**
   * Revokes one token; {@code null}, tokens not issued here, or no longer outstanding, are
   * ignored.
   *
   * @return whether the token was outstanding and is now revoked
   */
  boolean revoke(AuthorityToken token);

  /**
   * Whether {@code token} was issued here and is still outstanding (not consumed, revoked or
   * expired). Never throws; {@code false} for {@code null} or foreign tokens.
   */
  boolean isOutstanding(AuthorityToken token);

  /**
   * Revokes every outstanding token whose binding matches; returns how many. A filter that throws
   * for a binding counts as a match (fail closed).
   */
  int revokeMatching(Predicate<TokenBinding> filter);

  /** The number of outstanding (issued, not yet consumed, expired or revoked) tokens. */
  int outstanding();
}
