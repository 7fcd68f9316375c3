package io.ape.core.authority;

import io.ape.api.AuthorityToken;
import io.ape.api.TokenBinding;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The token object {@link InMemoryAuthorityIssuer} hands out. Only the issuer can create one;
 * the issuer accepts it back only if it is the very instance it holds. Equality is identity.
 */
final class IssuedToken implements AuthorityToken {
  static final int ISSUED = 0;
  static final int CONSUMED = 1;
  static final int REVOKED = 2;
  static final int EXPIRED = 3;

  private static final AtomicIntegerFieldUpdater<IssuedToken> STATE =
      AtomicIntegerFieldUpdater.newUpdater(IssuedToken.class, "state");

  final InMemoryAuthorityIssuer owner;
  final long serial;
  private final String reference;
  private final TokenBinding binding;
  private final Map<String, Object> parameters;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final String policyVersion;
  private final byte[] mac;
  private volatile int state;

  IssuedToken(InMemoryAuthorityIssuer owner, long serial, String reference, TokenBinding binding,
      Map<String, Object> parameters, Instant issuedAt, Instant expiresAt, String policyVersion,
      byte[] mac) {
    this.owner = owner;
    this.serial = serial;
    this.reference = reference;
    this.binding = binding;
    this.parameters = parameters;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.policyVersion = policyVersion;
    this.mac = mac;
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public TokenBinding binding() {
    return binding;
  }

  @Override
  public Map<String, Object> parameters() {
    return parameters;
  }

  @Override
  public Instant issuedAt() {
    return issuedAt;
  }

  @Override
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String policyVersion() {
    return policyVersion;
  }

  byte[] mac() {
    return mac;
  }

  int state() {
    return state;
  }

  boolean transition(int from, int to) {
    return STATE.compareAndSet(this, from, to);
  }

  TokenState lifecycleState() {
    switch (state) {
      case CONSUMED: return TokenState.CONSUMED;
      case REVOKED: return TokenState.REVOKED;
      case EXPIRED: return TokenState.EXPIRED;
      default: return TokenState.ISSUED;
    }
  }

  /** Shows the reference and what the token is for; never the MAC or the parameters. */
  @Override
  public String toString() {
    return "AuthorityToken[ref=" + reference + ", action=" + binding.actionId() + ", tool="
        + binding.toolId() + ", step=" + binding.stepIndex() + ", tenant=" + binding.tenantId()
        + ", expiresAt=" + expiresAt + ", state=" + lifecycleState() + "]";
  }
}
