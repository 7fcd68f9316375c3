package io.ape.api;

import java.util.Map;
import java.util.function.Function;

/**
 * The parameter hash an authority token and an escalation approval are bound to
 * ({@link TokenBinding#parametersHash()}, {@link EscalationRequest#parametersHash()}): the
 * SHA-256, as 64 lower-case hex characters, of the {@linkplain CanonicalJson canonical JSON}
 * of the parameter map. A third-party {@link io.ape.spi.AuthorityIssuer} recomputes it with
 * {@link #of} to check that the parameters it is asked to bind are the ones the binding names.
 *
 * <p>An empty or {@code null} map hashes as {@code {}}
 * ({@code 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a}). Key order does
 * not matter; value types do ({@code 1}, {@code 1.0} and {@code "1"} hash differently).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2.0
 */
public final class ParameterHash {
  private static final Function<Map<String, ?>, String> CANONICAL_SHA256 =
      CanonicalJson::sha256Hex;

  private ParameterHash() {}

  /**
   * The hash of {@code parameters}. Computed once per immutable parameter map (a map made by
   * {@link ParameterValues#copyOf}, see {@link ParameterValues#derive}).
   *
   * @throws CanonicalizationException if the map holds a value canonical JSON cannot write
   */
  public static String of(Map<String, ?> parameters) {
    return ParameterValues.derive(parameters == null ? Map.of() : parameters, CANONICAL_SHA256);
  }

  /**
   * Whether {@code hash} is the hash of {@code parameters}; {@code false} (never an exception)
   * for a {@code null} hash or parameters canonical JSON cannot write.
   */
  public static boolean matches(Map<String, ?> parameters, String hash) {
    if (hash == null) {
      return false;
    }
    try {
      return of(parameters).equals(hash);
    } catch (CanonicalizationException e) {
      return false;
    }
  }
}
