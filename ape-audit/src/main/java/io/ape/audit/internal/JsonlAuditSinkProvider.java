package io.ape.audit.internal;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEventType;
import io.ape.audit.Durability;
import io.ape.audit.JsonlAuditSink;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jsonl} audit sink provider: a {@link JsonlAuditSink} configured from
 * {@code ape.audit.jsonl.*} properties. {@code ape.audit.jsonl.path} is required; every other
 * key is optional (see the ape-audit README); an unknown key under {@code ape.audit.jsonl.} is
 * an error, so a typo cannot silently weaken durability.
 */
public final class JsonlAuditSinkProvider implements AuditSinkProvider {
  static final String PREFIX = "ape.audit.jsonl.";
  static final String PATH = PREFIX + "path";
  static final String DURABILITY = PREFIX + "durability";
  static final String HMAC_KEY_FILE = PREFIX + "hmac-key-file";
  static final String MAX_FILE_BYTES = PREFIX + "max-file-bytes";
  static final String MAX_RECORD_BYTES = PREFIX + "max-record-bytes";
  static final String QUEUE_CAPACITY = PREFIX + "queue-capacity";
  static final String MAX_QUEUED_BYTES = PREFIX + "max-queued-bytes";
  static final String MAX_BATCH = PREFIX + "group-commit.max-batch";
  static final String WINDOW = PREFIX + "group-commit.window";
  static final String WRITE_TIMEOUT = PREFIX + "write-timeout";
  static final String ORDERING_TIMEOUT = PREFIX + "ordering-timeout";
  static final String WAIT_FOR = PREFIX + "wait-for";
  static final String DEFERRED_SYNC_DELAY = PREFIX + "deferred-sync-delay";

  private static final Set<String> KEYS = Set.of(PATH, DURABILITY, HMAC_KEY_FILE,
      MAX_FILE_BYTES, MAX_RECORD_BYTES, QUEUE_CAPACITY, MAX_QUEUED_BYTES, MAX_BATCH, WINDOW,
      WRITE_TIMEOUT, ORDERING_TIMEOUT, WAIT_FOR, DEFERRED_SYNC_DELAY);

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public JsonlAuditSinkProvider() {}

  @Override
  public String id() {
    return "jsonl";
  }

  @Override
  public AuditSink create(ProviderContext context) {
    Map<String, String> p = context.properties();
    ConfigValues.rejectUnknown(p, PREFIX, KEYS);
    JsonlAuditSink.Builder b = JsonlAuditSink.builder(path(p, PATH));
    String v;
    if ((v = p.get(DURABILITY)) != null) {
      b.durability(Durability.fromKeyword(DURABILITY, v));
    }
    if (p.containsKey(HMAC_KEY_FILE)) {
      b.hmacKeyFile(path(p, HMAC_KEY_FILE));
    }
    if ((v = p.get(MAX_FILE_BYTES)) != null) {
      b.maxFileBytes(ConfigValues.size(MAX_FILE_BYTES, v));
    }
    if ((v = p.get(MAX_RECORD_BYTES)) != null) {
      b.maxRecordBytes((int) Math.min(Integer.MAX_VALUE, ConfigValues.size(MAX_RECORD_BYTES, v)));
    }
    if ((v = p.get(QUEUE_CAPACITY)) != null) {
      b.queueCapacity(ConfigValues.integer(QUEUE_CAPACITY, v));
    }
    if ((v = p.get(MAX_QUEUED_BYTES)) != null) {
      b.maxQueuedBytes(ConfigValues.size(MAX_QUEUED_BYTES, v));
    }
    if ((v = p.get(MAX_BATCH)) != null) {
      b.maxBatch(ConfigValues.integer(MAX_BATCH, v));
    }
    if ((v = p.get(WINDOW)) != null) {
      b.groupCommitWindow(ConfigValues.duration(WINDOW, v));
    }
    if ((v = p.get(WRITE_TIMEOUT)) != null) {
      b.writeTimeout(ConfigValues.duration(WRITE_TIMEOUT, v));
    }
    if ((v = p.get(ORDERING_TIMEOUT)) != null) {
      b.orderingTimeout(ConfigValues.duration(ORDERING_TIMEOUT, v));
    }
    if ((v = p.get(DEFERRED_SYNC_DELAY)) != null) {
      b.deferredSyncDelay(ConfigValues.duration(DEFERRED_SYNC_DELAY, v));
    }
    if ((v = p.get(WAIT_FOR)) != null) {
      b.waitFor(eventTypes(WAIT_FOR, v));
    }
    return b.build();
  }

  private static Set<AuditEventType> eventTypes(String key, String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("all")) {
      return EnumSet.allOf(AuditEventType.class);
    }
    Set<AuditEventType> out = EnumSet.noneOf(AuditEventType.class);
    for (String part : v.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        out.add(AuditEventType.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new ApeConfigurationException(key + " must be 'all' or a comma-separated list of "
            + "event types " + EnumSet.allOf(AuditEventType.class) + ", but contains '"
            + part.trim() + "'", e);
      }
    }
    return out;
  }

  private static Path path(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      throw new ApeConfigurationException(key + " must be set to "
          + (key.equals(PATH) ? "the audit log file" : "a file") + " for the jsonl audit sink");
    }
    try {
      return Path.of(v.trim());
    } catch (InvalidPathException e) {
      throw new ApeConfigurationException(key + " is not a valid path: '" + v + "'", e);
    }
  }
}
