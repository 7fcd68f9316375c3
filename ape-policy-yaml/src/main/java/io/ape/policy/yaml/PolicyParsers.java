package io.ape.policy.yaml;

import io.ape.policy.yaml.internal.JacksonPolicyParser;
import io.ape.spi.PolicyParser;

/**
 * Programmatic access to the YAML and JSON policy parsers, for code that does not go through
 * {@link java.util.ServiceLoader} discovery.
 *
 * <pre>{@code
 * Policy policy = PolicyParsers.yaml()
 *     .parse(Files.readAllBytes(path), path.toString(), PolicyLimits.defaults());
 * }</pre>
 *
 * <p>The parsers are stateless and thread-safe, accept exactly the format described in the
 * {@linkplain io.ape.policy.yaml package documentation}, and throw only
 * {@link io.ape.api.PolicyException} subclasses, each naming the source, line and column.
 */
public final class PolicyParsers {
  private PolicyParsers() {}

  /** The YAML parser (provider id {@code yaml}, extensions {@code yaml} and {@code yml}). */
  public static PolicyParser yaml() {
    return JacksonPolicyParser.yaml();
  }

  /** The JSON parser (provider id {@code json}, extension {@code json}). */
  public static PolicyParser json() {
    return JacksonPolicyParser.json();
  }
}
