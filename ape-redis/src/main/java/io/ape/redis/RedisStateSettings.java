package io.ape.redis;

import io.ape.api.ApeConfigurationException;
import io.ape.redis.internal.SettingValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@link RedisSharedState} reaches Redis and names and keeps its keys. Read from the
 * {@code ape.redis.*} configuration keys by {@link #fromProperties}; every value is checked here,
 * so a bad one is an {@link ApeConfigurationException} that names its key.
 *
 * @param uri the Redis URI ({@code redis://host:port}, {@code rediss://} for TLS,
 *     {@code redis-sentinel://}; user and password may be in it, but see {@code passwordFile})
 * @param username the ACL user, or {@code null} (then the URI's, or none)
 * @param passwordFile a file whose content (without a trailing newline) is the password, or
 *     {@code null} (then the URI's, or none)
 * @param prefix the first part of every key, so that several deployments can share one Redis
 *     ({@code [A-Za-z0-9._-]}, 1 to 64 characters)
 * @param timeout the longest any operation waits for Redis; slower is
 *     {@link io.ape.api.StateUnavailableException}
 * @param connectTimeout the longest a connection attempt takes
 * @param revocationTtl how long a revocation epoch is kept after it was last read or advanced;
 *     must be at least the longest lifetime of a session or an authority token
 * @param sessionRetention how long a session record is kept after its {@code expiresAt}
 * @param claimRetention how long a single-use claim is kept after the claimed thing expires
 *     (covers clock differences between instances)
 * @param exactWindowMax the largest window max kept as one timestamp per use (exact to the
 *     millisecond); larger windows use 256 buckets and may refuse up to window/256 early
 * @param allowEviction whether to accept a Redis whose {@code maxmemory-policy} may evict keys
 *     (evicting a counter would loosen a limit: refused by default)
 * @since 0.2.0
 */
public record RedisStateSettings(String uri, String username, Path passwordFile, String prefix,
    Duration timeout, Duration connectTimeout, Duration revocationTtl, Duration sessionRetention,
    Duration claimRetention, int exactWindowMax, boolean allowEviction) {

  /** The configuration keys' common prefix. */
  public static final String PREFIX = "ape.redis.";
  /** {@code ape.redis.uri} (required). */
  public static final String URI = PREFIX + "uri";
  /** {@code ape.redis.username}. */
  public static final String USERNAME = PREFIX + "username";
  /** {@code ape.redis.password-file}. */
  public static final String PASSWORD_FILE = PREFIX + "password-file";
  /** {@code ape.redis.prefix} (default {@code ape}). */
  public static final String KEY_PREFIX = PREFIX + "prefix";
  /** {@code ape.redis.timeout} (default {@code 500ms}). */
  public static final String TIMEOUT = PREFIX + "timeout";
  /** {@code ape.redis.connect-timeout} (default {@code 2s}). */
  public static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
  /** {@code ape.redis.revocation-ttl} (default {@code P7D}). */
  public static final String REVOCATION_TTL = PREFIX + "revocation-ttl";
  /** {@code ape.redis.session-retention} (default {@code 1h}). */
  public static final String SESSION_RETENTION = PREFIX + "session-retention";
  /** {@code ape.redis.claim-retention} (default {@code 5m}). */
  public static final String CLAIM_RETENTION = PREFIX + "claim-retention";
  /** {@code ape.redis.exact-window-max} (default {@code 1024}). */
  public static final String EXACT_WINDOW_MAX = PREFIX + "exact-window-max";
  /** {@code ape.redis.allow-eviction} (default {@code false}). */
  public static final String ALLOW_EVICTION = PREFIX + "allow-eviction";

  private static final Set<String> KEYS = Set.of(URI, USERNAME, PASSWORD_FILE, KEY_PREFIX, TIMEOUT,
      CONNECT_TIMEOUT, REVOCATION_TTL, SESSION_RETENTION, CLAIM_RETENTION, EXACT_WINDOW_MAX,
      ALLOW_EVICTION);
  private static final Pattern PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public RedisStateSettings {
    if (uri == null || uri.isBlank()) {
      throw new ApeConfigurationException(URI + " must be set to the Redis URI, e.g. "
          + "redis://127.0.0.1:6379 (rediss:// for TLS)");
    }
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX_PATTERN.matcher(prefix).matches()) {
      throw new ApeConfigurationException(KEY_PREFIX + " must be 1 to 64 of the characters "
          + "A-Z a-z 0-9 . _ -, but was '" + prefix + "'");
    }
    positive(TIMEOUT, timeout);
    positive(CONNECT_TIMEOUT, connectTimeout);
    positive(REVOCATION_TTL, revocationTtl);
    positive(SESSION_RETENTION, sessionRetention);
    positive(CLAIM_RETENTION, claimRetention);
    if (exactWindowMax < 0 || exactWindowMax > 1_000_000) {
      throw new ApeConfigurationException(EXACT_WINDOW_MAX + " must be between 0 and 1000000, "
          + "but was " + exactWindowMax);
    }
  }

  /** Settings for {@code uri} with every default. */
  public static RedisStateSettings of(String uri) {
    return new RedisStateSettings(uri, null, null, "ape", Duration.ofMillis(500),
        Duration.ofSeconds(2), Duration.ofDays(7), Duration.ofHours(1), Duration.ofMinutes(5),
        1024, false);
  }

  /**
   * Reads the {@code ape.redis.*} keys; {@code ape.redis.uri} is required, every other key has a
   * default. An unknown key under {@code ape.redis.} is an error, so a typo cannot go unnoticed.
   *
   * @throws ApeConfigurationException naming the key whose value is missing or invalid
   */
  public static RedisStateSettings fromProperties(Map<String, String> properties) {
    SettingValues.rejectUnknown(properties, PREFIX, KEYS);
    RedisStateSettings d = of(properties.getOrDefault(URI, "").trim());
    String v;
    return new RedisStateSettings(d.uri,
        (v = properties.get(USERNAME)) == null ? null : SettingValues.text(USERNAME, v),
        (v = properties.get(PASSWORD_FILE)) == null ? null : SettingValues.path(PASSWORD_FILE, v),
        (v = properties.get(KEY_PREFIX)) == null ? d.prefix : v.trim(),
        duration(properties, TIMEOUT, d.timeout),
        duration(properties, CONNECT_TIMEOUT, d.connectTimeout),
        duration(properties, REVOCATION_TTL, d.revocationTtl),
        duration(properties, SESSION_RETENTION, d.sessionRetention),
        duration(properties, CLAIM_RETENTION, d.claimRetention),
        (v = properties.get(EXACT_WINDOW_MAX)) == null ? d.exactWindowMax
            : SettingValues.integer(EXACT_WINDOW_MAX, v),
        (v = properties.get(ALLOW_EVICTION)) == null ? d.allowEviction
            : SettingValues.bool(ALLOW_EVICTION, v));
  }

  /** A copy with another key prefix. */
  public RedisStateSettings withPrefix(String newPrefix) {
    return new RedisStateSettings(uri, username, passwordFile, newPrefix, timeout, connectTimeout,
        revocationTtl, sessionRetention, claimRetention, exactWindowMax, allowEviction);
  }

  /** A copy with another operation timeout. */
  public RedisStateSettings withTimeout(Duration newTimeout) {
    return new RedisStateSettings(uri, username, passwordFile, prefix, newTimeout, connectTimeout,
        revocationTtl, sessionRetention, claimRetention, exactWindowMax, allowEviction);
  }

  /** A copy with another exact-window threshold. */
  public RedisStateSettings withExactWindowMax(int max) {
    return new RedisStateSettings(uri, username, passwordFile, prefix, timeout, connectTimeout,
        revocationTtl, sessionRetention, claimRetention, max, allowEviction);
  }

  /** A copy that accepts (or refuses) a Redis that may evict keys. */
  public RedisStateSettings withAllowEviction(boolean allow) {
    return new RedisStateSettings(uri, username, passwordFile, prefix, timeout, connectTimeout,
        revocationTtl, sessionRetention, claimRetention, exactWindowMax, allow);
  }

  /** Never shows a password that the URI may carry. */
  @Override
  public String toString() {
    return "RedisStateSettings[uri=" + SettingValues.withoutCredentials(uri) + ", prefix=" + prefix
        + ", timeout=" + timeout + ", connectTimeout=" + connectTimeout + ", revocationTtl="
        + revocationTtl + ", sessionRetention=" + sessionRetention + ", claimRetention="
        + claimRetention + ", exactWindowMax=" + exactWindowMax + ", allowEviction="
        + allowEviction + "]";
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ApeConfigurationException(key + " must be a positive duration, but was " + d);
    }
  }

  private static Duration duration(Map<String, String> p, String key, Duration dflt) {
    String v = p.get(key);
    return v == null ? dflt : SettingValues.duration(key, v);
  }
}
