package io.ape.core.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.TenantMismatchException;
import io.ape.api.TokenBinding;
import io.ape.api.TokenConsumedException;
import io.ape.api.TokenExpiredException;
import io.ape.api.TokenMismatchException;
import io.ape.api.TokenNotFoundException;
import io.ape.api.TokenRevokedException;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.testing.MutableClock;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.AuthorityIssuerProvider;
import io.ape.spi.ProviderContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class InMemoryAuthorityIssuerTest {
  private static final String POLICY = Sha256.hex("policy");
  private final MutableClock clock = new MutableClock();
  private final InMemoryAuthorityIssuer issuer = InMemoryAuthorityIssuer.builder().clock(clock).build();
  private final Map<String, Object> params = Map.of("path", "/tmp/a");
  private final TokenBinding binding = binding("t", 0, params);

  private static TokenBinding binding(String tenant, int step, Map<String, Object> p) {
    return new TokenBinding(tenant, "s", Sha256.hex("intent"), Sha256.hex("plan"), step, "read_file",
        "read_file", ApeHashes.parametersHash(p));
  }

  private static Decision decision(Outcome o, String action) {
    return new Decision(o, action, "test", null, List.of(), POLICY, DecisionSource.RULE);
  }

  private AuthorityToken issue() {
    return issuer.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
  }

  @Test
  void issuesOnlyForAnAllowOfExactlyTheBoundActionAndParameters() {
    assertThatThrownBy(() -> issuer.issue(binding, params, decision(Outcome.DENY, "read_file")))
        .isInstanceOf(AuthorityException.class).hasMessageContaining("DENY");
    assertThatThrownBy(() -> issuer.issue(binding, params, decision(Outcome.ESCALATE, "read_file")))
        .isInstanceOf(AuthorityException.class).hasMessageContaining("ESCALATE");
    assertThatThrownBy(() -> issuer.issue(binding, params, decision(Outcome.ALLOW, "write_file")))
        .isInstanceOf(AuthorityException.class).hasMessageContaining("write_file");
    assertThatThrownBy(() -> issuer.issue(binding, Map.of("path", "/etc"), decision(Outcome.ALLOW, "read_file")))
        .isInstanceOf(AuthorityException.class).hasMessageContaining("parameter hash");
    assertThatThrownBy(() -> issuer.issue(binding, params, null)).isInstanceOf(AuthorityException.class);
    assertThatThrownBy(() -> issuer.issue(null, params, decision(Outcome.ALLOW, "read_file")))
        .isInstanceOf(AuthorityException.class);
    assertThat(issuer.outstanding()).isZero();
  }

  @Test
  void tokenCarriesItsBindingACopyOfTheParametersAndTheTtl() {
    Map<String, Object> mutable = new HashMap<>(params);
    AuthorityToken t = issuer.issue(binding, mutable, decision(Outcome.ALLOW, "read_file"));
    mutable.put("path", "/etc/shadow");
    assertThat(t.parameters()).isEqualTo(params);
    assertThat(t.binding()).isEqualTo(binding);
    assertThat(t.policyVersion()).isEqualTo(POLICY);
    assertThat(Duration.between(t.issuedAt(), t.expiresAt())).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.reference()).matches("[0-9a-f]{8}-[0-9a-f]+");
    assertThat(t.toString()).contains(t.reference()).doesNotContain("/tmp/a");
    assertThat(issuer.stateOf(t)).isEqualTo(TokenState.ISSUED);
  }

  @Test
  void consumesExactlyOnce() {
    AuthorityToken t = issue();
    issuer.consume(t, binding, POLICY);
    assertThat(issuer.stateOf(t)).isEqualTo(TokenState.CONSUMED);
    assertThat(issuer.isOutstanding(t)).isFalse();
    assertThatThrownBy(() -> issuer.consume(t, binding, POLICY)).isInstanceOf(TokenConsumedException.class);
    assertThat(issuer.revoke(t)).isFalse();
  }

  @Test
  void refusesEveryDifferingBindingFieldAndBurnsTheToken() {
    List<TokenBinding> wrong = List.of(
        new TokenBinding("t", "other", binding.intentVersion(), binding.planHash(), 0, "read_file", "read_file", binding.parametersHash()),
        new TokenBinding("t", "s", Sha256.hex("x"), binding.planHash(), 0, "read_file", "read_file", binding.parametersHash()),
        new TokenBinding("t", "s", binding.intentVersion(), Sha256.hex("x"), 0, "read_file", "read_file", binding.parametersHash()),
        new TokenBinding("t", "s", binding.intentVersion(), binding.planHash(), 1, "read_file", "read_file", binding.parametersHash()),
        new TokenBinding("t", "s", binding.intentVersion(), binding.planHash(), 0, "write_file", "read_file", binding.parametersHash()),
        new TokenBinding("t", "s", binding.intentVersion(), binding.planHash(), 0, "read_file", "shell", binding.parametersHash()),
        new TokenBinding("t", "s", binding.intentVersion(), binding.planHash(), 0, "read_file", "read_file", Sha256.hex("x")));
    for (TokenBinding w : wrong) {
      AuthorityToken t = issue();
      assertThatThrownBy(() -> issuer.consume(t, w, POLICY)).as("binding %s", w)
          .isInstanceOf(TokenMismatchException.class);
      assertThat(issuer.stateOf(t)).isEqualTo(TokenState.REVOKED);
    }
    AuthorityToken t = issue();
    assertThatThrownBy(() -> issuer.consume(t, binding("u", 0, params), POLICY))
        .isInstanceOf(TenantMismatchException.class);
    assertThat(issuer.outstanding()).isZero();
  }

  @Test
  void expiresOnTheInjectedClock() {
    AuthorityToken t = issue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(issuer.isOutstanding(t)).isFalse();
    assertThat(issuer.outstanding()).isZero();
    assertThatThrownBy(() -> issuer.consume(t, binding, POLICY)).isInstanceOf(TokenExpiredException.class);
    assertThat(issuer.stateOf(t)).isEqualTo(TokenState.EXPIRED);
    assertThatThrownBy(() -> issuer.consume(t, binding, POLICY)).isInstanceOf(TokenExpiredException.class);
  }

  @Test
  void aTokenIssuedUnderAnotherPolicyVersionIsRevoked() {
    AuthorityToken t = issue();
    assertThatThrownBy(() -> issuer.consume(t, binding, Sha256.hex("new policy")))
        .isInstanceOf(TokenRevokedException.class).hasMessageContaining("policy reload");
    assertThatThrownBy(() -> issuer.consume(t, binding, POLICY)).isInstanceOf(TokenRevokedException.class);
    AuthorityToken u = issue();
    assertThatThrownBy(() -> issuer.consume(u, binding, null)).isInstanceOf(TokenRevokedException.class);
  }

  @Test
  void revokesSinglyAndByPredicate() {
    AuthorityToken a = issue();
    AuthorityToken b = issuer.issue(binding("u", 0, params), params, decision(Outcome.ALLOW, "read_file"));
    AuthorityToken c = issue();
    assertThat(issuer.revoke(a)).isTrue();
    assertThat(issuer.revoke(a)).isFalse();
    assertThat(issuer.revokeMatching(x -> x.tenantId().equals("u"))).isEqualTo(1);
    assertThat(issuer.isOutstanding(b)).isFalse();
    assertThat(issuer.revokeMatching(x -> {
      throw new IllegalStateException("broken filter");
    })).isEqualTo(1);
    assertThat(issuer.isOutstanding(c)).isFalse();
    assertThatThrownBy(() -> issuer.consume(a, binding, POLICY)).isInstanceOf(TokenRevokedException.class);
  }

  @Test
  void foreignTokensAreNotFound() {
    InMemoryAuthorityIssuer other = InMemoryAuthorityIssuer.builder().clock(clock).build();
    AuthorityToken foreign = other.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
    assertThatThrownBy(() -> issuer.consume(foreign, binding, POLICY)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> issuer.consume(null, binding, POLICY)).isInstanceOf(TokenNotFoundException.class);
    assertThat(issuer.revoke(foreign)).isFalse();
    assertThat(issuer.isOutstanding(foreign)).isFalse();
    assertThatThrownBy(() -> issuer.stateOf(foreign)).isInstanceOf(TokenNotFoundException.class);
    assertThat(other.isOutstanding(foreign)).isTrue();
  }

  @Test
  void aFullRegistryRefusesIssuanceAfterSweepingExpiredTokens() {
    InMemoryAuthorityIssuer small = InMemoryAuthorityIssuer.builder().clock(clock).capacity(3).build();
    for (int i = 0; i < 3; i++) {
      small.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
    }
    assertThatThrownBy(() -> small.issue(binding, params, decision(Outcome.ALLOW, "read_file")))
        .isInstanceOf(TokenRegistryFullException.class)
        .satisfies(e -> assertThat(((TokenRegistryFullException) e).capacity()).isEqualTo(3));
    clock.advance(Duration.ofMinutes(2));
    AuthorityToken fresh = small.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
    assertThat(small.isOutstanding(fresh)).isTrue();
    assertThat(small.outstanding()).isEqualTo(1);
  }

  @Test
  void consumedTokensLeaveTheRegistrySoItStaysBounded() {
    InMemoryAuthorityIssuer small = InMemoryAuthorityIssuer.builder().clock(clock).capacity(2).build();
    for (int i = 0; i < 10_000; i++) {
      AuthorityToken t = small.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
      small.consume(t, binding, POLICY);
    }
    assertThat(small.outstanding()).isZero();
    assertThat(small.toString()).contains("held=0");
  }

  @Test
  void builderValidatesTtlAndCapacity() {
    assertThatThrownBy(() -> InMemoryAuthorityIssuer.builder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryAuthorityIssuer.builder().ttl(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryAuthorityIssuer.builder().capacity(0)).isInstanceOf(IllegalArgumentException.class);
    InMemoryAuthorityIssuer custom = InMemoryAuthorityIssuer.builder().clock(clock).ttl(Duration.ofSeconds(5)).build();
    AuthorityToken t = custom.issue(binding, params, decision(Outcome.ALLOW, "read_file"));
    assertThat(t.expiresAt()).isEqualTo(clock.instant().plusSeconds(5));
  }

  @Test
  void inMemoryProviderIsDiscoveredAndReadsItsProperties() {
    AuthorityIssuerProvider provider = ServiceLoader.load(AuthorityIssuerProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("in-memory")).findFirst().orElseThrow();
    AuthorityIssuer created = provider.create(new ProviderContext(Map.of(
        InMemoryAuthorityIssuerProvider.TTL_KEY, "PT30S", InMemoryAuthorityIssuerProvider.CAPACITY_KEY, "10"), clock));
    assertThat(((InMemoryAuthorityIssuer) created).ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(((InMemoryAuthorityIssuer) created).capacity()).isEqualTo(10);
    AuthorityIssuer seconds = provider.create(new ProviderContext(Map.of(InMemoryAuthorityIssuerProvider.TTL_KEY, "90"), clock));
    assertThat(((InMemoryAuthorityIssuer) seconds).ttl()).isEqualTo(Duration.ofSeconds(90));
    for (String bad : List.of("-5", "PT0S", "soon", "P30D")) {
      assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of(InMemoryAuthorityIssuerProvider.TTL_KEY, bad), clock)))
          .as(bad).isInstanceOf(ApeConfigurationException.class).hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of(InMemoryAuthorityIssuerProvider.CAPACITY_KEY, "0"), clock)))
        .isInstanceOf(ApeConfigurationException.class);
  }

  /** Overwrites a private final field of an issued token, as memory corruption or reflection could. */
  private static void tamper(AuthorityToken token, String field, Object value) throws Exception {
    java.lang.reflect.Field f = IssuedToken.class.getDeclaredField(field);
    f.setAccessible(true);
    f.set(token, value);
  }

  @Test
  void aTokenWhoseBindingWasSwappedInMemoryFailsItsIntegrityCheckAndIsRevoked() throws Exception {
    TokenBinding other = binding("t", 1, params);
    // the issuer has seen (and keeps the digest of) the other binding too
    issuer.issue(other, params, decision(Outcome.ALLOW, "read_file"));
    AuthorityToken t = issue();
    tamper(t, "binding", other);

    assertThatThrownBy(() -> issuer.consume(t, other, POLICY))
        .isInstanceOf(TokenNotFoundException.class).hasMessageContaining("integrity check");
    assertThat(issuer.stateOf(t)).isEqualTo(TokenState.REVOKED);
  }

  @Test
  void aTokenWhoseExpiryWasExtendedInMemoryFailsItsIntegrityCheck() throws Exception {
    AuthorityToken t = issue();
    tamper(t, "expiresAt", t.expiresAt().plus(Duration.ofDays(365)));
    clock.advance(Duration.ofSeconds(61));

    assertThatThrownBy(() -> issuer.consume(t, binding, POLICY))
        .isInstanceOf(TokenNotFoundException.class).hasMessageContaining("integrity check");
  }

  @Test
  void aTokenWhosePolicyVersionOrMacWasChangedFailsItsIntegrityCheck() throws Exception {
    String otherPolicy = Sha256.hex("another policy");
    AuthorityToken t1 = issue();
    tamper(t1, "policyVersion", otherPolicy);
    assertThatThrownBy(() -> issuer.consume(t1, binding, otherPolicy))
        .isInstanceOf(TokenNotFoundException.class).hasMessageContaining("integrity check");

    AuthorityToken t2 = issue();
    byte[] mac = ((IssuedToken) t2).mac().clone();
    mac[0] ^= 1;
    tamper(t2, "mac", mac);
    assertThatThrownBy(() -> issuer.consume(t2, binding, POLICY))
        .isInstanceOf(TokenNotFoundException.class).hasMessageContaining("integrity check");
  }

  @Test
  void anUntamperedTokenStillVerifiesAfterTheBindingDigestsWereEvicted() {
    AuthorityToken t = issue();
    // more distinct bindings than the issuer keeps digests of
    for (int i = 1; i <= 5000; i++) {
      AuthorityToken other = issuer.issue(binding("t", i, params), params,
          decision(Outcome.ALLOW, "read_file"));
      issuer.revoke(other);
    }
    issuer.consume(t, binding, POLICY);
    assertThat(issuer.stateOf(t)).isEqualTo(TokenState.CONSUMED);
  }
}
