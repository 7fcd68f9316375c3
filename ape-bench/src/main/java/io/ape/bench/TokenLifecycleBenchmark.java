package io.ape.bench;

import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.ParameterValues;
import io.ape.api.TokenBinding;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.policy.PolicyEngine;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Issuance and consumption measured separately, at the issuer (MAC, parameter copy and hash
 * check, registry) with a real ALLOW decision from the policy engine.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class TokenLifecycleBenchmark {

  /** An issuer, one binding and its ALLOW decision. */
  @State(Scope.Thread)
  public static class Issuer {
    InMemoryAuthorityIssuer issuer;
    TokenBinding binding;
    Map<String, Object> parameters;
    Decision decision;
    String policyVersion;
    AuthorityToken token;

    @Setup(Level.Trial)
    public void setUp() {
      PolicyEngine policy = GuardedRun.readOnlyPolicy();
      issuer = new InMemoryAuthorityIssuer(Clock.systemUTC());
      // as on the guarded path: an approved plan step's parameters are a frozen copy
      parameters = ParameterValues.copyOf(Map.of("path", "/workspace/config.json"));
      decision = policy.evaluate("read_file", parameters);
      if (!decision.isAllowed()) {
        throw new IllegalStateException("expected an ALLOW: " + decision);
      }
      policyVersion = decision.policyVersion();
      binding = new TokenBinding("tenant", "session", "sha256:" + "0".repeat(64),
          "sha256:" + "1".repeat(64), 0, "read_file", "read_file",
          ApeHashes.parametersHash(parameters));
    }
  }

  /** The issuer state plus a fresh outstanding token per call. */
  @State(Scope.Thread)
  public static class Consumable extends Issuer {
    /** Consumption needs a fresh outstanding token per call (issued outside the timing). */
    @Setup(Level.Invocation)
    public void issueNext() {
      token = issuer.issue(binding, parameters, decision);
    }
  }

  @Benchmark
  public AuthorityToken issue(Issuer state) {
    AuthorityToken token = state.issuer.issue(state.binding, state.parameters, state.decision);
    state.issuer.revoke(token); // keep the registry small; revocation is a map removal
    return token;
  }

  @Benchmark
  public AuthorityToken consume(Consumable state) {
    state.issuer.consume(state.token, state.binding, state.policyVersion);
    return state.token;
  }
}
