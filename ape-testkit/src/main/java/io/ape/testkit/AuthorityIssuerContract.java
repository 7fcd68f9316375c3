package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.ApeException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.ParameterHash;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuthorityIssuer}, as its Javadoc states it, for every implementation
 * to pass. Extend it and supply the issuer:
 *
 * <pre>{@code
 * class HsmAuthorityIssuerContractTest extends AuthorityIssuerContract {
 *   @Override
 *   protected AuthorityIssuer newIssuer(Clock clock) {
 *     return new HsmAuthorityIssuer(clock, testKeyStore());
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: issuance only for an ALLOW of exactly the binding's action and a parameter
 * map whose {@linkplain ParameterHash canonical hash} is the binding's; a token is accepted only
 * as the very instance issued (copies, wrappers, tokens of another issuer and {@code null} are
 * refused with {@link TokenNotFoundException}), only once (also under 32 concurrent consumers),
 * only before expiry (measured on the clock given to {@link #newIssuer}), only if not revoked,
 * only under the policy version it was issued under, and only for a binding equal in every
 * field; revocation, {@code isOutstanding} and {@code outstanding} answer consistently and never
 * throw for foreign tokens.
 *
 * @since 0.2.0
 */
public abstract class AuthorityIssuerContract {
  /** The number of threads of the concurrent tests. */
  protected static final int THREADS = 32;
  /** The policy version the tokens are issued under. */
  protected static final String POLICY = "a".repeat(64);
  private static final String OTHER_POLICY = "b".repeat(64);

  /** The clock the issuer must measure expiry on; the tests move it. */
  protected final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T10:00:00Z"));

  private AuthorityIssuer issuer;

  /**
   * A new issuer, with nothing outstanding, measuring time on {@code clock} (a fresh one per
   * test; a test may create two to check that they do not accept each other's tokens).
   */
  protected abstract AuthorityIssuer newIssuer(Clock clock);

  @BeforeEach
  void createIssuer() {
    issuer = newIssuer(clock);
    assertNotNull(issuer, "newIssuer returned null");
  }

  /** The issuer under test in the current test. */
  protected final AuthorityIssuer issuer() {
    return issuer;
  }

  // ----------------------------------------------------------------------------------- issue

  @Test
  void issuesForAnAllowOfExactlyTheBindingsActionAndParameters() {
    Map<String, Object> params = Map.of("path", "/tmp/a.txt", "mode", List.of("r", 1));
    TokenBinding binding = binding("s-1", 0, "read_file", params);
    AuthorityToken t = issuer.issue(binding, params, allow("read_file"));
    assertNotNull(t, "issue returned null");
    assertEquals(binding, t.binding(), "the token's binding");
    assertEquals(params, t.parameters(), "the token's bound parameters");
    assertEquals(POLICY, t.policyVersion(), "the token's policy version is the decision's");
    assertEquals(clock.instant(), t.issuedAt(), "issuedAt is the issuer's clock reading");
    assertTrue(t.expiresAt().isAfter(t.issuedAt()), "expiresAt is after issuedAt");
    assertNotNull(t.reference(), "reference");
    assertFalse(t.reference().isBlank(), "reference is blank");
    assertTrue(issuer.isOutstanding(t), "a fresh token is outstanding");
    assertEquals(1, issuer.outstanding(), "outstanding()");
  }

  @Test
  void refusesToIssueForADenyOrAnEscalate() {
    Map<String, Object> params = Map.of("path", "/tmp/a.txt");
    TokenBinding binding = binding("s-1", 0, "read_file", params);
    for (Outcome o : List.of(Outcome.DENY, Outcome.ESCALATE)) {
      Decision d = new Decision(o, "read_file", "test", "r1", List.of(), POLICY, DecisionSource.RULE);
      assertThrows(AuthorityException.class, () -> issuer.issue(binding, params, d),
          "issue for a " + o + " decision");
    }
    assertEquals(0, issuer.outstanding(), "nothing is outstanding after refused issues");
  }

  @Test
  void refusesToIssueForAnAllowOfAnotherAction() {
    Map<String, Object> params = Map.of("path", "/tmp/a.txt");
    assertThrows(AuthorityException.class,
        () -> issuer.issue(binding("s-1", 0, "delete_file", params), params, allow("read_file")),
        "an ALLOW for read_file must not yield a token for delete_file");
    assertEquals(0, issuer.outstanding());
  }

  @Test
  void refusesParametersWhoseHashIsNotTheBindings() {
    TokenBinding binding = binding("s-1", 0, "read_file", Map.of("path", "/tmp/a.txt"));
    assertThrows(AuthorityException.class,
        () -> issuer.issue(binding, Map.of("path", "/etc/passwd"), allow("read_file")),
        "parameters that are not the ones hashed into the binding");
    assertThrows(AuthorityException.class,
        () -> issuer.issue(binding, Map.of("path", "/tmp/a.txt", "extra", true), allow("read_file")),
        "an extra parameter");
    assertThrows(AuthorityException.class,
        () -> issuer.issue(binding, Map.of(), allow("read_file")), "no parameters");
    assertEquals(0, issuer.outstanding());
  }

  @Test
  void refusesToIssueWithoutABindingOrADecision() {
    Map<String, Object> params = Map.of("path", "/tmp/a.txt");
    TokenBinding binding = binding("s-1", 0, "read_file", params);
    assertThrows(AuthorityException.class, () -> issuer.issue(null, params, allow("read_file")),
        "a null binding");
    assertThrows(AuthorityException.class, () -> issuer.issue(binding, params, null),
        "a null decision");
    assertEquals(0, issuer.outstanding());
  }

  @Test
  void refusesParameterValuesOutsideTheParameterModel() {
    Map<String, Object> params = new HashMap<>();
    params.put("path", new StringBuilder("/tmp/a.txt"));
    TokenBinding binding = binding("s-1", 0, "read_file", Map.of("path", "/tmp/a.txt"));
    assertThrows(ApeException.class, () -> issuer.issue(binding, params, allow("read_file")),
        "a mutable value the policy never judged must not be bound into a token");
    assertEquals(0, issuer.outstanding());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTokenKeepsItsOwnImmutableCopyOfTheParameters() {
    Map<String, Object> params = new HashMap<>();
    List<Object> list = new ArrayList<>(List.of("a", "b"));
    params.put("paths", list);
    params.put("path", "/tmp/a.txt");
    Map<String, Object> snapshot = Map.of("paths", List.of("a", "b"), "path", "/tmp/a.txt");
    AuthorityToken t = issuer.issue(binding("s-1", 0, "read_file", snapshot), params,
        allow("read_file"));
    params.put("path", "/etc/passwd");
    list.add("/etc/shadow");
    assertEquals(snapshot, t.parameters(),
        "changing the caller's map after issue must not change what the token binds");
    assertThrows(UnsupportedOperationException.class, () -> t.parameters().put("x", 1),
        "the token's parameters are unmodifiable");
    assertThrows(UnsupportedOperationException.class,
        () -> ((List<Object>) t.parameters().get("paths")).add("x"),
        "nested values are unmodifiable");
  }

  @Test
  void referencesAreUniqueUnderConcurrentIssue() {
    int perThread = 50;
    List<Concurrently.Result<List<String>>> results = Concurrently.run(THREADS, i -> () -> {
      List<String> refs = new ArrayList<>();
      for (int k = 0; k < perThread; k++) {
        Map<String, Object> p = Map.of("n", i * 1000 + k);
        refs.add(issuer.issue(binding("s-" + i, k, "read_file", p), p, allow("read_file"))
            .reference());
      }
      return refs;
    });
    Set<String> all = new HashSet<>();
    for (Concurrently.Result<List<String>> r : results) {
      if (!r.succeeded()) {
        fail("concurrent issue failed", r.error());
      }
      all.addAll(r.value());
    }
    assertEquals(THREADS * perThread, all.size(), "every token has its own reference");
    assertEquals(THREADS * perThread, issuer.outstanding(), "outstanding()");
  }

  // --------------------------------------------------------------------------------- consume

  @Test
  void consumesOnceThenRefusesTheTokenAsConsumed() {
    Fixture f = issueOne();
    issuer.consume(f.token, f.binding, POLICY);
    assertFalse(issuer.isOutstanding(f.token), "a consumed token is not outstanding");
    assertEquals(0, issuer.outstanding(), "outstanding() after consume");
    assertThrows(TokenConsumedException.class, () -> issuer.consume(f.token, f.binding, POLICY),
        "a token is single-use");
    assertFalse(issuer.revoke(f.token), "a consumed token cannot be revoked");
  }

  @Test
  void exactlyOneOfThirtyTwoConcurrentConsumersWins() {
    for (int round = 0; round < 5; round++) {
      Fixture f = issueOne();
      List<Concurrently.Result<Boolean>> results = Concurrently.run(THREADS, i -> () -> {
        issuer.consume(f.token, f.binding, POLICY);
        return true;
      });
      int won = 0;
      for (Concurrently.Result<Boolean> r : results) {
        if (r.succeeded()) {
          won++;
        } else {
          assertInstanceOf(TokenConsumedException.class, r.error(),
              "a losing consumer must be told the token was consumed, got " + r.error());
        }
      }
      assertEquals(1, won, "exactly one of " + THREADS + " concurrent consumers may win");
    }
  }

  @Test
  void refusesNoToken() {
    Fixture f = issueOne();
    assertThrows(TokenNotFoundException.class, () -> issuer.consume(null, f.binding, POLICY));
    assertTrue(issuer.isOutstanding(f.token), "refusing null must not touch other tokens");
  }

  @Test
  void refusesACopyCarryingTheSameFields() {
    Fixture f = issueOne();
    AuthorityToken copy = new CopiedToken(f.token.reference(), f.token.binding(),
        f.token.parameters(), f.token.issuedAt(), f.token.expiresAt(), f.token.policyVersion());
    assertThrows(TokenNotFoundException.class, () -> issuer.consume(copy, f.binding, POLICY),
        "only the very instance issued is accepted, not an object with the same fields");
    assertFalse(issuer.isOutstanding(copy), "a copy is never outstanding");
    assertFalse(issuer.revoke(copy), "revoking a copy does nothing");
  }

  @Test
  void refusesATamperedToken() {
    Fixture f = issueOne();
    Map<String, Object> evil = Map.of("path", "/etc/passwd");
    TokenBinding evilBinding = binding(f.binding.sessionId(), 0, "read_file", evil);
    AuthorityToken tampered = new WrappedToken(f.token, evilBinding, evil);
    assertThrows(AuthorityException.class, () -> issuer.consume(tampered, evilBinding, POLICY),
        "a wrapper reporting other parameters must be refused");
    assertThrows(AuthorityException.class, () -> issuer.consume(tampered, f.binding, POLICY),
        "a wrapper around a real token is not the token");
  }

  @Test
  void refusesATokenOfAnotherIssuer() {
    AuthorityIssuer other = newIssuer(clock);
    Map<String, Object> params = Map.of("path", "/tmp/a.txt");
    TokenBinding binding = binding("s-1", 0, "read_file", params);
    AuthorityToken foreign = other.issue(binding, params, allow("read_file"));
    assertThrows(TokenNotFoundException.class, () -> issuer.consume(foreign, binding, POLICY),
        "a token issued by another issuer instance");
    assertFalse(issuer.isOutstanding(foreign), "a foreign token is not outstanding here");
    assertFalse(issuer.revoke(foreign), "revoking a foreign token does nothing here");
    assertTrue(other.isOutstanding(foreign), "and does not touch it at its own issuer");
    other.consume(foreign, binding, POLICY);
  }

  @Test
  void refusesABindingThatDiffersInAnyField() {
    List<UnaryOperator<TokenBinding>> changes = List.of(
        b -> new TokenBinding("other-tenant", b.sessionId(), b.intentVersion(), b.planHash(),
            b.stepIndex(), b.actionId(), b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), "other-session", b.intentVersion(), b.planHash(),
            b.stepIndex(), b.actionId(), b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), "c".repeat(64), b.planHash(),
            b.stepIndex(), b.actionId(), b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), b.intentVersion(), "d".repeat(64),
            b.stepIndex(), b.actionId(), b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), b.intentVersion(), b.planHash(),
            b.stepIndex() + 1, b.actionId(), b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), b.intentVersion(), b.planHash(),
            b.stepIndex(), "delete_file", b.toolId(), b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), b.intentVersion(), b.planHash(),
            b.stepIndex(), b.actionId(), "other_tool", b.parametersHash()),
        b -> new TokenBinding(b.tenantId(), b.sessionId(), b.intentVersion(), b.planHash(),
            b.stepIndex(), b.actionId(), b.toolId(), ParameterHash.of(Map.of("path", "/etc"))));
    String[] fields = {"tenantId", "sessionId", "intentVersion", "planHash", "stepIndex",
        "actionId", "toolId", "parametersHash"};
    for (int i = 0; i < changes.size(); i++) {
      Fixture f = issueOne();
      TokenBinding wrong = changes.get(i).apply(f.binding);
      String field = fields[i];
      Class<? extends AuthorityException> expected = i == 0 ? TenantMismatchException.class
          : TokenMismatchException.class;
      assertThrows(expected, () -> issuer.consume(f.token, wrong, POLICY),
          "a token presented for a binding with another " + field);
    }
  }

  @Test
  void refusesATokenUnderAnotherPolicyVersion() {
    Fixture f = issueOne();
    assertThrows(TokenRevokedException.class, () -> issuer.consume(f.token, f.binding,
        OTHER_POLICY), "a token issued under another policy version (a reload revokes it)");
    Fixture g = issueOne();
    assertThrows(AuthorityException.class, () -> issuer.consume(g.token, g.binding, null),
        "no policy version in force");
  }

  @Test
  void refusesANullExpectedBinding() {
    Fixture f = issueOne();
    assertThrows(RuntimeException.class, () -> issuer.consume(f.token, null, POLICY),
        "consume without an expected binding must not succeed");
  }

  @Test
  void acceptsATokenUntilJustBeforeItExpiresAndRefusesItFromThen() {
    Fixture f = issueOne();
    clock.set(f.token.expiresAt().minusNanos(1));
    issuer.consume(f.token, f.binding, POLICY);

    Fixture g = issueOne();
    clock.set(g.token.expiresAt());
    assertFalse(issuer.isOutstanding(g.token), "an expired token is not outstanding");
    assertEquals(0, issuer.outstanding(), "outstanding() does not count expired tokens");
    assertThrows(TokenExpiredException.class, () -> issuer.consume(g.token, g.binding, POLICY),
        "a token at its expiry instant");
  }

  @Test
  void anExpiredTokenStaysRefusedWhenTheClockIsLaterSetBack() {
    Fixture f = issueOne();
    clock.set(f.token.expiresAt().plus(Duration.ofHours(1)));
    assertThrows(TokenExpiredException.class, () -> issuer.consume(f.token, f.binding, POLICY));
    clock.set(f.token.issuedAt());
    assertThrows(AuthorityException.class, () -> issuer.consume(f.token, f.binding, POLICY),
        "a token refused as expired must not come back to life");
  }

  // ---------------------------------------------------------------------------------- revoke

  @Test
  void aRevokedTokenIsRefused() {
    Fixture f = issueOne();
    assertTrue(issuer.revoke(f.token), "revoking an outstanding token");
    assertFalse(issuer.isOutstanding(f.token));
    assertFalse(issuer.revoke(f.token), "revoking twice");
    assertThrows(TokenRevokedException.class, () -> issuer.consume(f.token, f.binding, POLICY));
    assertEquals(0, issuer.outstanding());
  }

  @Test
  void revokeAndIsOutstandingNeverThrowForNull() {
    assertFalse(issuer.revoke(null), "revoke(null)");
    assertFalse(issuer.isOutstanding(null), "isOutstanding(null)");
  }

  @Test
  void revokeMatchingRevokesExactlyTheMatchingTokens() {
    Fixture a = issueOne("s-1", 0);
    Fixture b = issueOne("s-1", 1);
    Fixture c = issueOne("s-2", 0);
    assertEquals(2, issuer.revokeMatching(x -> x.sessionId().equals("s-1")),
        "revokeMatching returns how many it revoked");
    assertThrows(TokenRevokedException.class, () -> issuer.consume(a.token, a.binding, POLICY));
    assertThrows(TokenRevokedException.class, () -> issuer.consume(b.token, b.binding, POLICY));
    assertEquals(1, issuer.outstanding());
    issuer.consume(c.token, c.binding, POLICY);
    assertEquals(0, issuer.revokeMatching(x -> true), "nothing left to revoke");
  }

  @Test
  void aFilterThatThrowsRevokes() {
    Fixture f = issueOne();
    issuer.revokeMatching(x -> {
      throw new IllegalStateException("broken filter");
    });
    assertFalse(issuer.isOutstanding(f.token),
        "a filter that throws must count as a match (fail closed), not leave the token usable");
    assertThrows(AuthorityException.class, () -> issuer.consume(f.token, f.binding, POLICY));
  }

  // --------------------------------------------------------------------------------- helpers

  /** A token and the binding it was issued for. */
  protected record Fixture(AuthorityToken token, TokenBinding binding) {}

  /** Issues one token for {@code read_file} in session {@code s-1}, step 0. */
  protected final Fixture issueOne() {
    return issueOne("s-1", 0);
  }

  /** Issues one token for {@code read_file}. */
  protected final Fixture issueOne(String session, int step) {
    Map<String, Object> params = Map.of("path", "/tmp/" + session + "-" + step + ".txt");
    TokenBinding binding = binding(session, step, "read_file", params);
    AuthorityToken t = issuer.issue(binding, params, allow("read_file"));
    assertNotNull(t, "issue returned null");
    return new Fixture(t, binding);
  }

  /** A binding in tenant {@code acme} for {@code params}, hashed with {@link ParameterHash}. */
  protected static TokenBinding binding(String session, int step, String action,
      Map<String, ?> params) {
    return new TokenBinding("acme", session, "1".repeat(64), "2".repeat(64), step, action,
        action, ParameterHash.of(params));
  }

  /** An ALLOW of {@code action} under {@link #POLICY}. */
  protected static Decision allow(String action) {
    return new Decision(Outcome.ALLOW, action, "allowed by the contract test", "r1", List.of(),
        POLICY, DecisionSource.RULE);
  }

  /** An object carrying a real token's visible fields: a forgery. */
  private record CopiedToken(String reference, TokenBinding binding, Map<String, Object> parameters,
      Instant issuedAt, Instant expiresAt, String policyVersion) implements AuthorityToken {}

  /** A real token behind a wrapper that reports another binding and parameters. */
  private record WrappedToken(AuthorityToken inner, TokenBinding binding,
      Map<String, Object> parameters) implements AuthorityToken {
    @Override
    public String reference() {
      return inner.reference();
    }

    @Override
    public Instant issuedAt() {
      return inner.issuedAt();
    }

    @Override
    public Instant expiresAt() {
      return inner.expiresAt();
    }

    @Override
    public String policyVersion() {
      return inner.policyVersion();
    }
  }
}
