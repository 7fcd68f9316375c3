package io.ape.core.audit;

import io.ape.api.AuditSettings;
import io.ape.core.canonical.CanonicalJson;
import io.ape.core.canonical.CanonicalizationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Audit redaction with a secret key: the value of a redacted parameter key (the policy's
 * {@code audit.redact}, compared ignoring case, at any nesting depth) is replaced by
 * {@code "hmac-sha256:<hex>"}, the HMAC-SHA256 of the value's canonical JSON under a key that is
 * never written to the log.
 *
 * <p>Why a key: a bare SHA-256 of a short secret ({@code "sha256:..."} of a password or an API
 * key) is reversed with a dictionary in seconds by anyone who can read the log. Under a secret
 * key, equal values still give equal redactions within one log (so they can be correlated),
 * but without the key nothing can be computed from the log alone.
 *
 * <p>The key is per log: {@link #newKey()} makes a random one (the default of
 * {@link AuditLog}: redactions correlate within one log's lifetime), and
 * {@link #keyDerivedFrom(byte[])} derives one from a secret kept apart from the log, for
 * example the audit HMAC key file ({@code ape.audit.hmac.key-file}), so that a log continued
 * by a later process keeps correlating. The derived key is not the record MAC key itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class KeyedRedaction {
  /** What every redacted value starts with. */
  public static final String PREFIX = "hmac-sha256:";
  /** The length of a key made by {@link #newKey()}, in bytes. */
  public static final int KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DERIVATION_LABEL =
      "ape audit redaction key v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Set<String> keys;
  private final SecretKeySpec key;
  private final Mac prototype;

  private KeyedRedaction(Set<String> keys, SecretKeySpec key, Mac prototype) {
    this.keys = keys;
    this.key = key;
    this.prototype = prototype;
  }

  /**
   * Redaction of the keys {@code settings} lists, under {@code secret} (copied; at least 16
   * bytes).
   *
   * @throws IllegalArgumentException if the secret is shorter than 16 bytes
   */
  public static KeyedRedaction of(AuditSettings settings, byte[] secret) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("a redaction key needs at least 16 bytes, got "
          + secret.length);
    }
    SecretKeySpec key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
    return new KeyedRedaction(lowerCase(settings), key, newMac(key));
  }

  /** A new random key of {@value #KEY_BYTES} bytes. */
  public static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /**
   * The redaction key derived from a secret (for example the audit HMAC key): the HMAC-SHA256
   * of a fixed label under the secret. Different from the secret, and the same for the same
   * secret, so a log continued by another process with the same secret correlates.
   */
  public static byte[] keyDerivedFrom(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("an empty secret");
    }
    Mac mac = newMac(new SecretKeySpec(secret, ALGORITHM));
    return mac.doFinal(DERIVATION_LABEL);
  }

  /** The same key, redacting the keys {@code settings} lists (after a policy reload). */
  public KeyedRedaction withSettings(AuditSettings settings) {
    return new KeyedRedaction(lowerCase(settings == null ? AuditSettings.none() : settings), key,
        prototype);
  }

  /** Whether no key is redacted. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * {@code parameters} with the value of every redacted key replaced, at any depth; the map
   * itself when nothing in it is redacted.
   */
  public Map<String, Object> redact(Map<String, Object> parameters) {
    if (keys.isEmpty() || parameters.isEmpty()) {
      return parameters;
    }
    return redactMap(parameters);
  }

  /** The redacted form of one value: {@value #PREFIX} and the hex HMAC of its canonical JSON. */
  public String redactedValue(Object value) {
    String canonical;
    try {
      canonical = CanonicalJson.write(value);
    } catch (CanonicalizationException e) {
      canonical = "\u0000not-canonical:" + e.getMessage();
    }
    Mac mac = mac();
    return PREFIX + HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(
        StandardCharsets.UTF_8)));
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(key);
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  /** Returns {@code m} itself when nothing in it is redacted. */
  private Map<String, Object> redactMap(Map<String, Object> m) {
    Map<String, Object> out = null;
    for (Map.Entry<String, Object> en : m.entrySet()) {
      Object v = en.getValue();
      Object nv = keys.contains(en.getKey().toLowerCase(Locale.ROOT)) ? redactedValue(v)
          : redactNested(v);
      if (nv != v && out == null) {
        out = new LinkedHashMap<>(m);
      }
      if (out != null) {
        out.put(en.getKey(), nv);
      }
    }
    return out == null ? m : Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private Object redactNested(Object v) {
    if (v instanceof Map<?, ?> m) {
      return redactMap((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = null;
      for (int i = 0; i < l.size(); i++) {
        Object e = l.get(i);
        Object ne = redactNested(e);
        if (ne != e && out == null) {
          out = new ArrayList<>(l);
        }
        if (out != null) {
          out.set(i, ne);
        }
      }
      return out == null ? v : Collections.unmodifiableList(out);
    }
    return v;
  }

  private static Set<String> lowerCase(AuditSettings s) {
    Set<String> out = new java.util.HashSet<>();
    for (String k : s.redact()) {
      out.add(k.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  @Override
  public String toString() {
    return "KeyedRedaction[keys=" + keys + ", key=(secret)]";
  }
}
