package io.ape.audit.jdbc.internal;

import io.ape.api.ApeConfigurationException;
import io.ape.audit.internal.ConfigValues;
import io.ape.audit.jdbc.JdbcAuditSink;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jdbc} audit sink provider ({@code ape.audit.sinks=jdbc}): a {@link JdbcAuditSink}
 * from the {@code ape.audit.jdbc.*} keys. {@code ape.audit.jdbc.url} is required; an unknown key
 * under {@code ape.audit.jdbc.} is an error.
 */
public final class JdbcAuditSinkProvider implements AuditSinkProvider {
  static final String PREFIX = "ape.audit.jdbc.";
  static final String URL = PREFIX + "url";
  static final String USER = PREFIX + "user";
  static final String PASSWORD_FILE = PREFIX + "password-file";
  static final String WRITER_ID = PREFIX + "writer-id";
  static final String HMAC_KEY_FILE = PREFIX + "hmac-key-file";
  static final String CREATE_SCHEMA = PREFIX + "create-schema";
  static final String MAX_BATCH = PREFIX + "max-batch";
  static final String QUEUE_CAPACITY = PREFIX + "queue-capacity";
  static final String WRITE_TIMEOUT = PREFIX + "write-timeout";
  static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
  private static final Set<String> KEYS = Set.of(URL, USER, PASSWORD_FILE, WRITER_ID,
      HMAC_KEY_FILE, CREATE_SCHEMA, MAX_BATCH, QUEUE_CAPACITY, WRITE_TIMEOUT, CONNECT_TIMEOUT);

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public JdbcAuditSinkProvider() {}

  @Override
  public String id() {
    return "jdbc";
  }

  @Override
  public AuditSink create(ProviderContext context) {
    Map<String, String> p = context.properties();
    ConfigValues.rejectUnknown(p, PREFIX, KEYS);
    String url = p.get(URL);
    if (url == null || url.isBlank()) {
      throw new ApeConfigurationException(URL + " must be set to a jdbc:postgresql: URL for the "
          + "jdbc audit sink");
    }
    JdbcAuditSink.Builder b = JdbcAuditSink.builder(url.trim());
    String v;
    if ((v = p.get(USER)) != null) {
      b.user(v.trim());
    }
    if ((v = p.get(PASSWORD_FILE)) != null) {
      b.passwordFile(path(PASSWORD_FILE, v));
    }
    if ((v = p.get(WRITER_ID)) != null) {
      b.writerId(v.trim());
    }
    if ((v = p.get(HMAC_KEY_FILE)) != null) {
      b.hmacKeyFile(path(HMAC_KEY_FILE, v));
    }
    if ((v = p.get(CREATE_SCHEMA)) != null) {
      String s = v.trim();
      if (!s.equals("true") && !s.equals("false")) {
        throw new ApeConfigurationException(CREATE_SCHEMA + " must be true or false, but was '"
            + v + "'");
      }
      b.createSchema(s.equals("true"));
    }
    if ((v = p.get(MAX_BATCH)) != null) {
      b.maxBatch(ConfigValues.integer(MAX_BATCH, v));
    }
    if ((v = p.get(QUEUE_CAPACITY)) != null) {
      b.queueCapacity(ConfigValues.integer(QUEUE_CAPACITY, v));
    }
    if ((v = p.get(WRITE_TIMEOUT)) != null) {
      b.writeTimeout(ConfigValues.duration(WRITE_TIMEOUT, v));
    }
    if ((v = p.get(CONNECT_TIMEOUT)) != null) {
      b.connectTimeout(ConfigValues.duration(CONNECT_TIMEOUT, v));
    }
    return b.build();
  }

  private static Path path(String key, String value) {
    if (value.isBlank()) {
      throw new ApeConfigurationException(key + " is set but empty");
    }
    try {
      return Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new ApeConfigurationException(key + " is not a valid path: '" + value + "'", e);
    }
  }
}
