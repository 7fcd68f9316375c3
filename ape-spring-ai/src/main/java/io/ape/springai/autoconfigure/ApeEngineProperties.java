package io.ape.springai.autoconfigure;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The engine's {@code ape.*} settings as Spring sees them (application properties or YAML,
 * system properties, environment variables such as {@code APE_POLICY_FILE}), for
 * {@code ApeEngine.Builder.configuration(Map)}. The adapter's own {@code ape.spring-ai.*} keys
 * are left out; every other key goes to the engine, which refuses the ones it does not know.
 */
final class ApeEngineProperties {
  static final String ADAPTER_PREFIX = "spring-ai";

  private ApeEngineProperties() {}

  /** Every {@code ape.*} setting except {@code ape.spring-ai.*}, with its full key. */
  static Map<String, String> from(Environment environment) {
    Map<String, String> bound = Binder.get(environment)
        .bind("ape", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    Map<String, String> out = new TreeMap<>();
    bound.forEach((key, value) -> {
      if (!key.equals(ADAPTER_PREFIX) && !key.startsWith(ADAPTER_PREFIX + ".")) {
        out.put("ape." + key, value);
      }
    });
    return out;
  }
}
