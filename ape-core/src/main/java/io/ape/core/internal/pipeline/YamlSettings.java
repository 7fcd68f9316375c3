package io.ape.core.internal.pipeline;

import io.ape.api.ApeConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a YAML configuration document into flat {@code ape.*} settings. Loaded only when a YAML
 * file is read, so SnakeYAML stays an optional dependency of ape-core.
 */
final class YamlSettings {
  private YamlSettings() {}

  static Map<String, String> read(String text, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(16);
    options.setCodePointLimit(Settings.MAX_FILE_BYTES);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new ApeConfigurationException("configuration file " + source + " is not valid YAML"
          + " for APE (aliases, tags and duplicate keys are refused): " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (doc == null) {
      return out;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ApeConfigurationException("configuration file " + source + " must be a mapping of"
          + " ape.* keys");
    }
    flatten("", map, out, source);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, String source) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k) || k.isBlank()) {
        throw new ApeConfigurationException("configuration file " + source + ": key "
            + e.getKey() + " under '" + prefix + "' is not a name");
      }
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      Object v = e.getValue();
      if (v instanceof Map<?, ?> nested) {
        flatten(key, nested, out, source);
      } else {
        String value = scalar(key, v, source);
        if (out.putIfAbsent(key, value) != null) {
          throw new ApeConfigurationException("configuration file " + source + " sets " + key
              + " twice");
        }
      }
    }
  }

  private static String scalar(String key, Object v, String source) {
    if (v == null) {
      throw new ApeConfigurationException("configuration file " + source + ": " + key
          + " has no value");
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder();
      for (Object item : list) {
        if (item instanceof Map || item instanceof List || item == null) {
          throw new ApeConfigurationException("configuration file " + source + ": " + key
              + " must be a list of plain values");
        }
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(item);
      }
      return sb.toString();
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    throw new ApeConfigurationException("configuration file " + source + ": " + key
        + " has a value of an unsupported type (" + v.getClass().getSimpleName() + ")");
  }
}
