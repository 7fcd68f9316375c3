package io.ape.core.internal.run;

import io.ape.api.ActionIds;
import io.ape.api.ApeException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.RuntimeStateException;
import io.ape.api.StateUnavailableException;
import io.ape.api.TenantMismatchException;
import io.ape.api.TokenBinding;
import io.ape.api.TokenMismatchException;
import io.ape.api.TokenNotFoundException;
import io.ape.api.TokenRevokedException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.runtime.RuntimeState;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one verifier of a token presented at the gate: it returns one {@link Verdict}, reached in
 * one pass, and consumes the token (atomically, through the issuer) only when every check
 * passed. In order:
 * <ol>
 *   <li>a missing token, or one without a binding, is refused;</li>
 *   <li><b>a token that is not the run's own outstanding token is refused without being touched</b>:
 *       neither consumed nor revoked, so that showing it to the wrong run cannot take it from its
 *       owner. The refusal says why: the issuer's own reason if it is no longer outstanding
 *       (consumed, revoked, expired, forged), {@link TenantMismatchException} if it is another
 *       tenant's, else "issued for another run";</li>
 *   <li>the run must be EXECUTING;</li>
 *   <li>the action presented with it must match it in every bound field (else the token is
 *       revoked: its holder tried to misuse it);</li>
 *   <li>the plan and intent it was issued under must still be in force, and the run free to
 *       run its next step;</li>
 *   <li>the policy generation must be the one its decision was made under (a reload revokes it,
 *       even one that brings the same policy back);</li>
 *   <li>the revocation epochs (everything, tenant, session) read now from the shared state must
 *       be those captured at issue (a revocation on any instance revokes it);</li>
 *   <li>every execution check of the run (e.g. the session is still active) must pass;</li>
 *   <li>the issuer consumes it: identity, MAC, expiry, binding, policy version, single use.</li>
 * </ol>
 * A refusal after step 2 revokes the token when it can no longer be used anyway, and says so.
 *
 * @since 0.2.0
 */
public final class TokenVerifier {
  private final AuthorityIssuer issuer;
  private final RevocationRegistry revocations;
  private final List<? extends Consumer<TokenBinding>> checks;

  /**
   * A verifier.
   *
   * @param issuer the issuer that consumes tokens
   * @param revocations the registry of revocation epochs, or {@code null} for none
   * @param checks the execution checks, in order (each throws to refuse)
   */
  public TokenVerifier(AuthorityIssuer issuer, RevocationRegistry revocations,
      List<? extends Consumer<TokenBinding>> checks) {
    this.issuer = issuer;
    this.revocations = revocations;
    this.checks = List.copyOf(checks);
  }

  /**
   * The verdict on a presented token.
   *
   * @param refusal why it is refused, or {@code null} if it was accepted and consumed
   * @param revoke whether the caller must revoke the token (it is the run's own and unusable)
   * @param binding the token's binding, or {@code null} if it has none
   */
  public record Verdict(ApeException refusal, boolean revoke, TokenBinding binding) {
    /** Whether the token was accepted and consumed. */
    public boolean accepted() {
      return refusal == null;
    }
  }

  /**
   * Verifies {@code token} for the next step of a run and, if every check passes, consumes it.
   *
   * @param token the token presented
   * @param presented the binding of the action presented with it, or {@code null} (run exactly
   *     what the token authorises)
   * @param pending the run's own outstanding grant, or {@code null}
   * @param tenant the run's tenant
   * @param state the run's state
   * @param expected the binding of the run's next step, or {@code null} if the run's plan or
   *     intent is no longer in force
   * @param busy why the run cannot start a step now (running, escalating, finished), or
   *     {@code null}
   * @param generationNow the policy generation now
   * @param policyVersion the policy version now
   */
  public Verdict verify(AuthorityToken token, TokenBinding presented, Grant pending,
      String tenant, RuntimeState state, TokenBinding expected, String busy, long generationNow,
      String policyVersion) {
    if (token == null) {
      return refuse(new UnauthorizedActionException(
          "no authority token was presented; every tool call needs one"), null);
    }
    TokenBinding tb = bindingOf(token);
    if (tb == null) {
      return refuse(new TokenNotFoundException(
          "token has no binding (forged or broken token object)"), null);
    }
    if (pending == null || pending.token() != token) {
      return refuse(notThisRunsToken(token, tb, tenant), tb);
    }
    if (state != RuntimeState.EXECUTING) {
      return refuse(new RuntimeStateException(state.name(), "EXECUTE",
          "tools run only in EXECUTING, but the run is in " + state), tb);
    }
    if (presented != null) {
      String diff = difference(presented, tb);
      if (diff != null) {
        return revoke(new TokenMismatchException("the action presented differs from what token "
            + safeRef(token) + " authorises: " + diff + "; the token has been revoked"), tb);
      }
    }
    if (expected == null) {
      return revoke(new TokenRevokedException("the plan or intent token " + safeRef(token)
          + " was issued for is no longer in force"), tb);
    }
    if (busy != null) {
      return refuse(new UnauthorizedActionException(busy), tb);
    }
    if (pending.generation() != generationNow) {
      return revoke(new TokenRevokedException("token " + safeRef(token) + " was issued under "
          + "policy generation " + pending.generation() + ", but the policy was reloaded since "
          + "(generation " + generationNow + "); a policy reload revokes outstanding tokens"), tb);
    }
    if (pending.epochs() != null) {
      RevocationEpochs now;
      try {
        now = revocations.epochs(tb.tenantId(), tb.sessionId());
      } catch (StateUnavailableException e) {
        return revoke(e, tb);
      }
      if (now == null || !pending.epochs().stillValidAt(now)) {
        return revoke(new TokenRevokedException("token " + safeRef(token) + " was revoked: "
            + "authority of its " + scopeOf(pending.epochs(), now) + " was revoked since it was "
            + "issued"), tb);
      }
    }
    for (Consumer<TokenBinding> check : checks) {
      try {
        check.accept(tb);
      } catch (ApeException e) {
        return revoke(e, tb);
      } catch (RuntimeException e) {
        return revoke(new UnauthorizedActionException("execution check failed: "
            + e.getClass().getName() + "; the token has been revoked", e), tb);
      }
    }
    try {
      issuer.consume(token, expected, policyVersion);
    } catch (AuthorityException e) {
      return refuse(e, tb);
    } catch (RuntimeException e) {
      return refuse(new AuthorityException("the authority issuer failed: "
          + e.getClass().getName(), e), tb);
    }
    return new Verdict(null, false, tb);
  }

  /** Why a token that is not the run's outstanding one is refused; never consumes it. */
  private ApeException notThisRunsToken(AuthorityToken token, TokenBinding tb, String tenant) {
    boolean outstanding;
    try {
      outstanding = issuer.isOutstanding(token);
    } catch (RuntimeException e) {
      outstanding = true;
    }
    if (!outstanding) {
      // the issuer's own reason; consuming a token that is not outstanding only throws
      try {
        issuer.consume(token, tb, token.policyVersion());
      } catch (AuthorityException e) {
        return e;
      } catch (RuntimeException e) {
        return new AuthorityException("the authority issuer failed: " + e.getClass().getName(), e);
      }
      return new TokenNotFoundException("token " + safeRef(token) + " is not outstanding");
    }
    if (!tb.tenantId().equals(tenant)) {
      return new TenantMismatchException(tb.tenantId(), tenant, "token belongs to tenant '"
          + ActionIds.printable(tb.tenantId()) + "' but was presented in tenant '" + tenant
          + "'; it was refused and not used");
    }
    return new UnauthorizedActionException("token " + safeRef(token) + " was issued for another "
        + "run; it was refused and not used (only its own run can use it)");
  }

  private static Verdict refuse(ApeException e, TokenBinding tb) {
    return new Verdict(e, false, tb);
  }

  private static Verdict revoke(ApeException e, TokenBinding tb) {
    return new Verdict(e, true, tb);
  }

  private static String scopeOf(RevocationEpochs then, RevocationEpochs now) {
    if (now == null) {
      return "scope (the registry gave no epochs)";
    }
    if (now.global() != then.global()) {
      return "engine (every session and tenant)";
    }
    return now.tenant() != then.tenant() ? "tenant" : "session";
  }

  /** What differs between the action presented and the token, or {@code null}. */
  public static String difference(TokenBinding a, TokenBinding b) {
    if (a.stepIndex() != b.stepIndex()) {
      return "the token is for step " + b.stepIndex() + ", the action is step " + a.stepIndex();
    }
    if (!a.actionId().equals(b.actionId())) {
      return "the token is for action '" + b.actionId() + "', not '" + a.actionId() + "'";
    }
    if (!a.toolId().equals(b.toolId())) {
      return "the token is for tool '" + b.toolId() + "', not '" + a.toolId() + "'";
    }
    if (!a.parametersHash().equals(b.parametersHash())) {
      return "the parameters differ from the bound ones (parameter substitution)";
    }
    if (!a.intentVersion().equals(b.intentVersion())) {
      return "the token is bound to another intent version";
    }
    if (!a.planHash().equals(b.planHash())) {
      return "the token is bound to another plan";
    }
    return null;
  }

  /** The token's binding, or {@code null} if it has none or cannot say. */
  public static TokenBinding bindingOf(AuthorityToken token) {
    try {
      return token.binding();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The token's reference for messages (abbreviated), never throws. */
  public static String safeRef(AuthorityToken token) {
    try {
      String r = token.reference();
      return r == null ? "<no reference>" : r.length() > 40 ? r.substring(0, 40) + "…" : r;
    } catch (RuntimeException e) {
      return "<no reference>";
    }
  }
}
