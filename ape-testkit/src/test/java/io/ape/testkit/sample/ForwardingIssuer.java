package io.ape.testkit.sample;

import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.TokenBinding;
import io.ape.spi.AuthorityIssuer;
import java.util.Map;
import java.util.function.Predicate;

/** Forwards every call; the broken issuers of the kit's own tests override one. */
public class ForwardingIssuer implements AuthorityIssuer {
  private final AuthorityIssuer delegate;

  public ForwardingIssuer(AuthorityIssuer delegate) {
    this.delegate = delegate;
  }

  @Override
  public AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters, Decision decision) {
    return delegate.issue(binding, parameters, decision);
  }

  @Override
  public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
    delegate.consume(token, expected, policyVersion);
  }

  @Override
  public boolean revoke(AuthorityToken token) {
    return delegate.revoke(token);
  }

  @Override
  public boolean isOutstanding(AuthorityToken token) {
    return delegate.isOutstanding(token);
  }

  @Override
  public int revokeMatching(Predicate<TokenBinding> filter) {
    return delegate.revokeMatching(filter);
  }

  @Override
  public int outstanding() {
    return delegate.outstanding();
  }
}
