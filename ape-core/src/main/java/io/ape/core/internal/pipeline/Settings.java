package io.ape.core.internal.pipeline;

import io.ape.api.ApeConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code ape.*} configuration of an engine: its keys, how they are read from a map, from
 * system properties and from a {@code .properties} or {@code .yaml}/{@code .yml} file, and how
 * unknown keys are refused.
 *
 * <p><b>Keys.</b> Every key the engine reads is listed here ({@link #KNOWN_KEYS}). A key under a
 * provider's namespace — {@code ape.<area>.<id>.} for a discovered provider {@code <id>} of that
 * area ({@code audit}, {@code authority}, {@code escalation}, {@code compiler}, {@code state},
 * {@code evaluator}, {@code policy}, {@code tool}), and {@code ape.<id>.} for a shared-state
 * provider (e.g. {@code ape.redis.uri}) — is accepted and left to that provider to validate. Any
 * other {@code ape.*} key is an {@link ApeConfigurationException} naming it: a typo never
 * silently weakens a setting.
 *
 * <p><b>Files.</b> {@code .properties} files are read as UTF-8 {@link Properties} (a key given
 * twice is an error). {@code .yaml}/{@code .yml} files are read with SnakeYAML when it is on the
 * class path (it comes with ape-policy-yaml): nested mappings are flattened with dots
 * ({@code ape: {audit: {sinks: jsonl}}} is {@code ape.audit.sinks=jsonl}), a list becomes a
 * comma-separated value, a key given twice (also through different nesting) is an error, and
 * aliases, tags and documents over 1 MiB are refused. Every key of a file must start with
 * {@code ape.}.
 *
 * @since 0.2.0
 */
public final class Settings {
  /** The policy file. */
  public static final String POLICY_FILE = "ape.policy.file";
  /** The policy format (parser id) when the file extension does not say. */
  public static final String POLICY_FORMAT = "ape.policy.format";
  /** External evaluators to enable (comma list of provider ids). */
  public static final String EVALUATORS = "ape.evaluator";
  /** The policy engine's own name of {@link #EVALUATORS}; set one of them, not both. */
  public static final String POLICY_EVALUATORS = "ape.policy.evaluators";
  /** Audit sinks to enable (comma list of provider ids: jsonl, slf4j, memory, jdbc). */
  public static final String AUDIT_SINKS = "ape.audit.sinks";
  /** The HMAC key file of the audit log (passed to the jsonl sink). */
  public static final String AUDIT_HMAC_KEY_FILE = "ape.audit.hmac.key-file";
  /** The authority issuer provider id. */
  public static final String AUTHORITY_ISSUER = "ape.authority.issuer";
  /** The escalation resolver provider id. */
  public static final String ESCALATION_RESOLVER = "ape.escalation.resolver";
  /** How long the escalation resolver may take (ISO-8601 or 30s/500ms). */
  public static final String ESCALATION_TIMEOUT = "ape.escalation.timeout";
  /** The intent compiler provider id. */
  public static final String COMPILER = "ape.compiler";
  /** The shared-state provider id ({@code memory} by default, {@code redis}). */
  public static final String STATE = "ape.state";
  /** The tenant calls run for. */
  public static final String TENANT = "ape.tenant";
  /** {@code enforce} (default), {@code observe} or {@code disabled}. */
  public static final String ENFORCEMENT_MODE = "ape.enforcement.mode";

  /** Every key the engine or an in-tree provider reads outside a provider namespace. */
  public static final Set<String> KNOWN_KEYS = Set.of(POLICY_FILE, POLICY_FORMAT, EVALUATORS,
      POLICY_EVALUATORS, AUDIT_SINKS, AUDIT_HMAC_KEY_FILE, AUTHORITY_ISSUER, ESCALATION_RESOLVER,
      ESCALATION_TIMEOUT, COMPILER, STATE, TENANT, ENFORCEMENT_MODE,
      "ape.authority.ttl", "ape.authority.capacity", "ape.compiler.max-prompt-chars",
      // read by providers outside ape-core; named here so that a missing provider is reported
      // as the artifact to add, not as an unknown key
      "ape.audit.jsonl.path", "ape.audit.jsonl.durability", "ape.audit.jdbc.url",
      "ape.audit.jdbc.user", "ape.audit.jdbc.password-file", "ape.redis.uri", "ape.redis.prefix",
      "ape.redis.timeout");

  static final int MAX_FILE_BYTES = 1 << 20;
  private static final int MAX_VALUE_CHARS = 8192;

  private Settings() {}

  /**
   * Checks a map of settings given in code: keys start with {@code ape.}, no {@code null}s.
   *
   * @return an unmodifiable, ordered copy
   * @throws ApeConfigurationException naming the first bad entry
   */
  public static Map<String, String> fromMap(Map<String, String> settings, String source) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      out.put(checkedKey(e.getKey(), source), checkedValue(e.getKey(), e.getValue(), source));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Every {@code ape.*} system property (others are ignored). */
  public static Map<String, String> fromSystemProperties() {
    Map<String, String> out = new TreeMap<>();
    Properties p = System.getProperties();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("ape.")) {
        out.put(name, checkedValue(name, p.getProperty(name), "system properties"));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Reads a {@code .properties}, {@code .yaml} or {@code .yml} configuration file.
   *
   * @throws ApeConfigurationException if the file is missing, unreadable, too large, not UTF-8,
   *     malformed, of another type, has a key that does not start with {@code ape.} or a key
   *     given twice, or is YAML while SnakeYAML is not on the class path
   */
  public static Map<String, String> readFile(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString()
        .toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    if (!yaml && !name.endsWith(".properties")) {
      throw new ApeConfigurationException("configuration file " + file + " is neither .properties"
          + " nor .yaml/.yml; give one of those");
    }
    String text = readText(file);
    Map<String, String> raw = yaml ? yaml(text, file) : properties(text, file);
    return fromMap(raw, file.toString());
  }

  private static String readText(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new ApeConfigurationException("configuration file " + file + " does not exist", e);
    } catch (IOException | SecurityException e) {
      throw new ApeConfigurationException("configuration file " + file + " cannot be read: " + e,
          e);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ApeConfigurationException("configuration file " + file + " is larger than "
          + MAX_FILE_BYTES + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ApeConfigurationException("configuration file " + file + " is not UTF-8", e);
    }
  }

  private static Map<String, String> properties(String text, Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    Properties p = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        if (out.putIfAbsent((String) key, (String) value) != null) {
          throw new ApeConfigurationException("configuration file " + file + " sets " + key
              + " twice");
        }
        return super.put(key, value);
      }
    };
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ApeConfigurationException("configuration file " + file + " is not a valid "
          + "properties file: " + e.getMessage(), e);
    }
    Map<String, String> trimmed = new LinkedHashMap<>();
    out.forEach((k, v) -> trimmed.put(k.trim(), v.trim()));
    return trimmed;
  }

  private static Map<String, String> yaml(String text, Path file) {
    try {
      return YamlSettings.read(text, file.toString());
    } catch (NoClassDefFoundError e) {
      throw new ApeConfigurationException("configuration file " + file + " is YAML, but SnakeYAML"
          + " is not on the class path; add io.ape:ape-policy-yaml (or org.yaml:snakeyaml) as a "
          + "dependency, or write the configuration as a .properties file", e);
    }
  }

  private static String checkedKey(String key, String source) {
    if (key == null) {
      throw new ApeConfigurationException(source + ": a configuration key is null");
    }
    if (!key.startsWith("ape.") || key.length() == 4 || key.length() > 200
        || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new ApeConfigurationException(source + ": \"" + printable(key) + "\" is not an "
          + "ape.* configuration key");
    }
    return key;
  }

  private static String checkedValue(String key, String value, String source) {
    if (value == null) {
      throw new ApeConfigurationException(source + ": " + printable(key) + " has no value");
    }
    if (value.length() > MAX_VALUE_CHARS) {
      throw new ApeConfigurationException(source + ": the value of " + printable(key)
          + " is longer than " + MAX_VALUE_CHARS + " characters");
    }
    return value;
  }

  /**
   * Refuses every key that is neither known nor inside the namespace of a provider.
   *
   * @param namespaces key prefixes of discovered providers (e.g. {@code ape.audit.jsonl.})
   * @throws ApeConfigurationException naming every unknown key
   */
  static void checkKnown(Map<String, String> settings, Set<String> namespaces) {
    Set<String> unknown = new TreeSet<>();
    for (String key : settings.keySet()) {
      if (KNOWN_KEYS.contains(key)) {
        continue;
      }
      boolean inNamespace = false;
      for (String ns : namespaces) {
        if (key.startsWith(ns) && key.length() > ns.length()) {
          inNamespace = true;
          break;
        }
      }
      if (!inNamespace) {
        unknown.add(printable(key));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ApeConfigurationException("unknown configuration key" + (unknown.size() > 1 ? "s "
          : " ") + String.join(", ", unknown) + "; the engine knows " + new TreeSet<>(KNOWN_KEYS)
          + " and the keys of the providers on the class path (" + new TreeSet<>(namespaces)
          + "*). Check the spelling, or add the artifact of the provider that reads it.");
    }
  }

  /** A duration: ISO-8601 ({@code PT30S}) or a number with {@code ms}, {@code s} or {@code m}. */
  static Duration duration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else {
        d = Duration.ofSeconds(Long.parseLong(v));
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException("not positive");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new ApeConfigurationException(key + " must be a positive duration such as 30s, 500ms "
          + "or PT30S, but was \"" + printable(value) + "\"", e);
    }
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 120; i++) {
      char c = s.charAt(i);
      sb.append(c < ' ' || c == 0x7f ? '?' : c);
    }
    return s.length() > 120 ? sb + "…" : sb.toString();
  }
}
