package io.ape.testkit.sample;

import io.ape.api.ActionParameterException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.ParameterHash;
import io.ape.api.ParameterValues;
import io.ape.api.TenantMismatchException;
import io.ape.api.TokenBinding;
import io.ape.api.TokenConsumedException;
import io.ape.api.TokenExpiredException;
import io.ape.api.TokenMismatchException;
import io.ape.api.TokenNotFoundException;
import io.ape.api.TokenRevokedException;
import io.ape.spi.AuthorityIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A third-party authority issuer built on ape-api alone (it recomputes the parameter hash with
 * {@link ParameterHash}): the smallest issuer that passes the contract.
 */
public final class SampleAuthorityIssuer implements AuthorityIssuer {
  private static final int ISSUED = 0;
  private static final int CONSUMED = 1;
  private static final int REVOKED = 2;
  private static final int EXPIRED = 3;

  private final Clock clock;
  private final Duration ttl = Duration.ofSeconds(30);
  private final AtomicLong serials = new AtomicLong();
  private final Map<Long, Token> held = new ConcurrentHashMap<>();

  public SampleAuthorityIssuer(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  private final class Token implements AuthorityToken {
    final long serial;
    final TokenBinding binding;
    final Map<String, Object> parameters;
    final Instant issuedAt;
    final Instant expiresAt;
    final String policyVersion;
    final AtomicInteger state = new AtomicInteger(ISSUED);

    Token(long serial, TokenBinding binding, Map<String, Object> parameters, Instant issuedAt,
        String policyVersion) {
      this.serial = serial;
      this.binding = binding;
      this.parameters = parameters;
      this.issuedAt = issuedAt;
      this.expiresAt = issuedAt.plus(ttl);
      this.policyVersion = policyVersion;
    }

    SampleAuthorityIssuer owner() {
      return SampleAuthorityIssuer.this;
    }

    @Override public String reference() { return "sample-" + serial; }
    @Override public TokenBinding binding() { return binding; }
    @Override public Map<String, Object> parameters() { return parameters; }
    @Override public Instant issuedAt() { return issuedAt; }
    @Override public Instant expiresAt() { return expiresAt; }
    @Override public String policyVersion() { return policyVersion; }
  }

  @Override
  public AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters,
      Decision decision) {
    if (binding == null || decision == null) {
      throw new AuthorityException("no binding or decision");
    }
    if (!decision.isAllowed() || !decision.actionId().equals(binding.actionId())) {
      throw new AuthorityException("not an ALLOW of " + binding.actionId());
    }
    Map<String, Object> copy;
    try {
      copy = ParameterValues.copyOf(parameters);
    } catch (ActionParameterException e) {
      throw new AuthorityException("parameters cannot be bound: " + e.getMessage(), e);
    }
    if (!ParameterHash.matches(copy, binding.parametersHash())) {
      throw new AuthorityException("parameters do not match the binding's hash");
    }
    Token t = new Token(serials.incrementAndGet(), binding, copy, clock.instant(),
        decision.policyVersion());
    held.put(t.serial, t);
    return t;
  }

  @Override
  public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
    Objects.requireNonNull(expected, "expected");
    Token t = own(token);
    if (!t.binding.tenantId().equals(expected.tenantId())) {
      throw new TenantMismatchException(t.binding.tenantId(), expected.tenantId(), "other tenant");
    }
    if (!t.binding.equals(expected)) {
      throw new TokenMismatchException("bound to something else");
    }
    if (!t.policyVersion.equals(policyVersion)) {
      throw new TokenRevokedException("issued under another policy");
    }
    if (!clock.instant().isBefore(t.expiresAt)) {
      t.state.compareAndSet(ISSUED, EXPIRED);
    }
    if (!t.state.compareAndSet(ISSUED, CONSUMED)) {
      throw refusal(t);
    }
    held.remove(t.serial);
  }

  private Token own(AuthorityToken token) {
    if (token instanceof Token t && t.owner() == this) {
      return t;
    }
    throw new TokenNotFoundException("not issued here");
  }

  private static AuthorityException refusal(Token t) {
    switch (t.state.get()) {
      case CONSUMED: return new TokenConsumedException("used");
      case REVOKED: return new TokenRevokedException("revoked");
      default: return new TokenExpiredException("expired");
    }
  }

  @Override
  public boolean revoke(AuthorityToken token) {
    if (!(token instanceof Token t) || t.owner() != this) {
      return false;
    }
    boolean revoked = t.state.compareAndSet(ISSUED, REVOKED);
    held.remove(t.serial);
    return revoked;
  }

  @Override
  public boolean isOutstanding(AuthorityToken token) {
    return token instanceof Token t && t.owner() == this && t.state.get() == ISSUED
        && clock.instant().isBefore(t.expiresAt);
  }

  @Override
  public int revokeMatching(Predicate<TokenBinding> filter) {
    int n = 0;
    for (Token t : held.values()) {
      boolean match;
      try {
        match = filter.test(t.binding);
      } catch (RuntimeException e) {
        match = true;
      }
      if (match && revoke(t)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public int outstanding() {
    int n = 0;
    for (Token t : held.values()) {
      if (isOutstanding(t)) {
        n++;
      }
    }
    return n;
  }
}
