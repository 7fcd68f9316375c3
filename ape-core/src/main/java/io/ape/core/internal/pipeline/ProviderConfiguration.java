package io.ape.core.internal.pipeline;

import io.ape.api.ApeConfigurationException;
import io.ape.api.ProviderException;
import io.ape.spi.ApeProvider;
import io.ape.spi.ConditionOperatorProvider;
import io.ape.spi.PolicyEvaluatorProvider;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.state.SharedStateProvider;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.core.state.InMemorySharedStateProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The configuration side of the composition root: which {@code ape.*} key namespaces the
 * discovered and configured providers own, which of them are dead configuration (a key of a
 * sink or state that is not enabled), and the creation of a provider's product with its failures
 * turned into typed errors.
 */
final class ProviderConfiguration {
  private ProviderConfiguration() {}

  /** The key prefixes of every discovered provider and of every configured id, by area. */
  static Set<String> namespaces(ProviderSelector selector, Map<String, String> s) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids(s.get(Settings.AUDIT_SINKS))) {
      out.add("ape.audit." + id + ".");
    }
    for (String id : ids(s.get(Settings.STATE))) {
      out.add("ape.state." + id + ".");
      out.add("ape." + id + ".");
    }
    for (String id : ids(s.get(Settings.AUTHORITY_ISSUER))) {
      out.add("ape.authority." + id + ".");
    }
    for (String id : ids(s.get(Settings.ESCALATION_RESOLVER))) {
      out.add("ape.escalation." + id + ".");
    }
    add(out, "ape.audit.", selector.available(EngineParts.SINKS));
    add(out, "ape.authority.", selector.available(EngineParts.ISSUERS));
    add(out, "ape.escalation.", selector.available(EngineParts.RESOLVERS));
    add(out, "ape.compiler.", selector.available(EngineParts.COMPILERS));
    add(out, "ape.state.", selector.available(EngineParts.STATES));
    add(out, "ape.", selector.available(EngineParts.STATES));
    add(out, "ape.tool.", selector.available(EngineParts.ADAPTERS));
    add(out, "ape.evaluator.", selector.available(ProviderSpec.of(PolicyEvaluatorProvider.class,
        "", "")));
    add(out, "ape.policy.", selector.available(ProviderSpec.of(PolicyParserProvider.class,
        "", "")));
    add(out, "ape.operator.", selector.available(ProviderSpec.of(
        ConditionOperatorProvider.class, "", "")));
    return out;
  }

  private static List<String> ids(String list) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      for (String id : list.split(",")) {
        if (!id.isBlank() && !id.contains(".")) {
          out.add(id.trim());
        }
      }
    }
    return out;
  }

  private static void add(Set<String> out, String area, List<? extends ApeProvider> providers) {
    for (ApeProvider p : providers) {
      out.add(area + p.id() + ".");
    }
  }

  /**
   * A key for an audit sink or a shared state that is not enabled is dead configuration:
   * refuse it rather than ignore it.
   */
  static void checkEnabledNamespaces(Map<String, String> s, ProviderSelector selector,
      boolean sinksGiven, boolean stateGiven) {
    Set<String> enabledSinks = new LinkedHashSet<>(!sinksGiven
        ? ids(s.get(Settings.AUDIT_SINKS)) : List.of());
    String stateId = stateGiven ? null : s.getOrDefault(Settings.STATE,
        InMemorySharedStateProvider.ID).trim();
    Set<String> stateIds = new LinkedHashSet<>(List.of("memory", "redis"));
    for (SharedStateProvider p : selector.available(EngineParts.STATES)) {
      stateIds.add(p.id());
    }
    for (String key : s.keySet()) {
      if (key.startsWith("ape.audit.") && !key.equals(Settings.AUDIT_SINKS)
          && !key.equals(Settings.AUDIT_HMAC_KEY_FILE)) {
        String id = key.substring("ape.audit.".length()).split("\\.", 2)[0];
        if (!enabledSinks.contains(id)) {
          throw new ApeConfigurationException(key + " is set, but the '" + id
              + "' audit sink is not enabled; add it to " + Settings.AUDIT_SINKS
              + (!sinksGiven ? "" : " (sink instances given to the builder replace "
                  + Settings.AUDIT_SINKS + ")"));
        }
      }
      for (String id : stateIds) {
        boolean ofProvider = key.startsWith("ape.state." + id + ".")
            || key.startsWith("ape." + id + ".");
        if (ofProvider && !id.equals(stateId)) {
          throw new ApeConfigurationException(key + " is set, but " + Settings.STATE + " is "
              + (stateId == null ? "given to the builder as an instance" : "'" + stateId + "'")
              + ", not '" + id + "'");
        }
      }
    }
  }

  static <P extends ApeProvider, T> T create(P provider, Function<P, T> factory,
      String what) {
    T created;
    try {
      created = factory.apply(provider);
    } catch (io.ape.api.ApeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProviderException(provider.id(), "The " + what + " provider '" + provider.id()
          + "' (" + provider.getClass().getName() + ") failed: " + e, e);
    }
    if (created == null) {
      throw new ProviderException(provider.id(), "The " + what + " provider '" + provider.id()
          + "' (" + provider.getClass().getName() + ") created nothing (null)");
    }
    return created;
  }
}
