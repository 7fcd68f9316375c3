package io.ape.springai.autoconfigure;

import io.ape.engine.ApeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The engine's {@code ape.*} settings as Spring sees them, for
 * {@code ApeEngine.Builder.configuration(Map)}. The adapter's own {@code ape.spring-ai.*} keys
 * are left out.
 *
 * <p>Keys from application properties or YAML, system properties and every other explicit source
 * go to the engine as they are, and the engine refuses the ones it does not know: a typo never
 * silently weakens a setting. Environment variables are a loose source (a shell exports
 * {@code APE_DEBUG} for the {@code ape} command, a CI job its own {@code APE_*} variables), so
 * from them only the engine's known keys are taken ({@code APE_POLICY_FILE} is
 * {@code ape.policy.file}, {@code APE_AUDIT_HMAC_KEY_FILE} is {@code ape.audit.hmac.key-file});
 * any other {@code APE_*} variable is ignored, named in a log line. Spring's order of precedence
 * holds (an environment variable overrides {@code application.properties}, a system property
 * overrides both).
 */
final class ApeEngineProperties {
  static final String ADAPTER_PREFIX = "spring-ai";
  private static final Logger LOG = LoggerFactory.getLogger(ApeEngineProperties.class);
  private static final String ATTACHED = "configurationProperties";

  private ApeEngineProperties() {}

  /** Every {@code ape.*} setting except {@code ape.spring-ai.*}, with its full key. */
  static Map<String, String> from(Environment environment) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return engineKeys(Binder.get(environment));
    }
    List<PropertySource<?>> lowestFirst = new ArrayList<>();
    for (PropertySource<?> source : configurable.getPropertySources()) {
      if (!ATTACHED.equals(source.getName())) {
        lowestFirst.add(0, source);
      }
    }
    Map<String, String> out = new TreeMap<>();
    for (PropertySource<?> source : lowestFirst) {
      Map<String, String> keys =
          engineKeys(new Binder(ConfigurationPropertySources.from(List.of(source))));
      if (!(source instanceof SystemEnvironmentPropertySource)) {
        out.putAll(keys);
        continue;
      }
      keys.forEach((key, value) -> {
        String known = knownKey(key);
        if (known != null) {
          out.put(known, value);
        } else {
          LOG.info("ignoring the environment variable for '{}': not a setting of the APE engine"
              + " (set it in the application's properties to have it checked)", key);
        }
      });
    }
    return out;
  }

  private static Map<String, String> engineKeys(Binder binder) {
    Map<String, String> bound =
        binder.bind("ape", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    Map<String, String> out = new TreeMap<>();
    bound.forEach((key, value) -> {
      if (!key.equals(ADAPTER_PREFIX) && !key.startsWith(ADAPTER_PREFIX + ".")) {
        out.put("ape." + key, value);
      }
    });
    return out;
  }

  /** The engine's key an environment variable's relaxed name stands for, or {@code null}. */
  private static String knownKey(String relaxed) {
    String wanted = relaxed.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
    for (String known : ApeEngine.knownSettings()) {
      if (known.replace('-', '.').equals(wanted)) {
        return known;
      }
    }
    return null;
  }
}
