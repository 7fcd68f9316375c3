package io.ape.api;

import java.time.Instant;
import java.util.Map;

/**
 * A single-use grant of authority for exactly one action, issued by an authority issuer after
 * the policy said ALLOW.
 *
 * <p>Tokens are opaque handles: only the very instance the issuer created is accepted, so a
 * copied or re-created object carrying the same visible fields is refused. {@code toString()}
 * never reveals a secret.
 *
 * @since 0.1.0
 */
public interface AuthorityToken {
  /** A short, non-secret fingerprint for logs and audit records. */
  String reference();

  /** What the token is bound to. */
  TokenBinding binding();

  /** The bound parameters the tool will receive (deep, unmodifiable). */
  Map<String, Object> parameters();

  /** When the token was issued. */
  Instant issuedAt();

  /** When the token expires. */
  Instant expiresAt();

  /**
   * The version of the policy whose ALLOW the token was issued under. A token is refused once
   * the policy in force has another version (a reload revokes outstanding authority).
   */
  String policyVersion();
}
