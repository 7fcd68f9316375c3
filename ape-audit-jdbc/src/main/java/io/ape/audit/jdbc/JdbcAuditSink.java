package io.ape.audit.jdbc;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.audit.ChainHead;
import io.ape.audit.JsonlAuditSink;
import io.ape.audit.internal.JsonBuffer;
import io.ape.audit.internal.KeyFile;
import io.ape.audit.internal.RecordMac;
import io.ape.audit.internal.RecordSerializer;
import io.ape.audit.jdbc.internal.ChainWriter;
import io.ape.audit.jdbc.internal.Connections;
import io.ape.audit.jdbc.internal.EventColumns;
import io.ape.audit.jdbc.internal.PendingRow;
import io.ape.spi.AuditSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditSink} that writes to PostgreSQL: one hash chain per writer (this sink's
 * {@link #writerId()}), in the record format of the JSON-lines sink ({@link JsonlAuditSink}:
 * the same canonical line, {@code recordNo}, {@code prev} and optional HMAC), one row per record
 * ({@link AuditSchema}).
 *
 * <p><b>Durable before the tool runs.</b> {@link #record} returns only after the transaction
 * holding the record is committed ({@code synchronous_commit} on). <b>Group commit:</b> one
 * writer thread inserts everything that arrived while the previous commit was under way with
 * one batched statement and commits once; all its callers return together. <b>Fail closed:</b>
 * if the commit fails, every caller of the batch gets {@link AuditException} (the engine denies),
 * and nothing was reported durable that is not. The sink then reconnects for the next batch and
 * reads its chain's head back from the database, so a PostgreSQL restart needs no restart of the
 * application and leaves no gap in the chain.
 *
 * <p>A writer id is held by one sink at a time (a PostgreSQL advisory lock, and the primary key
 * {@code (writer_id, record_no)} as a backstop); give every instance its own. A sink continues
 * its writer's chain from the last row, after checking that row (and its HMAC, with a key).
 *
 * <p>Thread-safe. {@code ape audit verify --jdbc URL} ({@link JdbcAuditVerifier}) checks every
 * chain.
 *
 * @since 0.2.0
 */
public final class JdbcAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditSink.class);
  private static final Pattern WRITER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private final String writerId;
  private final Duration writeTimeout;
  private final int maxRecordBytes;
  private final LinkedBlockingQueue<PendingRow> queue;
  private final PendingRow stop = PendingRow.flushMarker();
  private final ChainWriter writer;
  private final Thread thread;
  private volatile boolean closed;

  private JdbcAuditSink(Builder b) {
    this.writerId = b.writerId != null ? b.writerId : defaultWriterId();
    this.writeTimeout = b.writeTimeout;
    this.maxRecordBytes = b.maxRecordBytes;
    this.queue = new LinkedBlockingQueue<>(b.queueCapacity);
    RecordMac mac = b.hmacKey == null ? null : new RecordMac(b.hmacKey);
    this.writer = new ChainWriter(new ChainWriter.Settings(b.url, b.user, b.password, writerId,
        mac, b.createSchema, b.maxBatch, b.connectTimeout), queue, stop);
    writer.connectNow();
    this.thread = new Thread(writer, "ape-audit-jdbc-" + writerId);
    thread.setDaemon(true);
    thread.start();
    LOG.info("JDBC audit sink: writer {} on {}, continuing after record {}", writerId,
        Connections.describe(b.url), writer.head().recordNo());
  }

  /** Starts configuring a sink for a {@code jdbc:postgresql:} URL. */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /** {@code <host>-<pid>-<random>}: a fresh chain for every process unless configured. */
  static String defaultWriterId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || !WRITER_ID.matcher(host).matches() || host.length() > 64) {
      host = "ape";
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
  }

  /** The id of this sink's chain. */
  public String writerId() {
    return writerId;
  }

  /**
   * The last committed record of this writer's chain. Keep a copy elsewhere and pass it to the
   * verifier ({@code expectHead}) to detect rows cut off the end of the chain.
   */
  public ChainHead head() {
    return writer.head();
  }

  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new AuditException("the JDBC audit sink (writer " + writerId + ") is closed");
    }
    byte[] body;
    try {
      JsonBuffer buf = new JsonBuffer(512);
      new RecordSerializer().writeBody(buf, event);
      body = buf.toByteArray();
    } catch (IllegalArgumentException e) {
      throw new AuditException("the audit event cannot be recorded: " + e.getMessage(), e);
    }
    if (body.length > maxRecordBytes) {
      throw new AuditException("the audit event has " + body.length + " bytes, more than the "
          + maxRecordBytes + " a record may have; the call is refused");
    }
    await(PendingRow.of(body, EventColumns.of(event)));
  }

  @Override
  public void flush() {
    if (!closed) {
      await(PendingRow.flushMarker());
    }
  }

  private void await(PendingRow row) {
    long deadline = System.nanoTime() + writeTimeout.toNanos();
    try {
      if (!queue.offer(row, writeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AuditException("the JDBC audit sink's queue stayed full for " + writeTimeout
            + " (PostgreSQL too slow?); the call is refused");
      }
      row.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      row.abandon();
      throw new AuditException("interrupted while waiting for the audit commit", e);
    } catch (TimeoutException e) {
      row.abandon();
      throw new AuditException("the audit record was not committed within " + writeTimeout
          + " (PostgreSQL too slow or unreachable); the call is refused", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuditException) {
        AuditException cause = (AuditException) e.getCause();
        throw new AuditException(cause.getMessage(), cause);
      }
      throw new AuditException("the audit record could not be committed: " + e.getCause(),
          e.getCause());
    }
  }

  /** Writes what is queued, stops the writer and closes the connection. Never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!queue.offer(stop, writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.interrupt();
      }
      if (!ChainWriter.join(thread, writeTimeout)) {
        thread.interrupt();
        ChainWriter.join(thread, Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
    }
  }

  /** Configures a {@link JdbcAuditSink}. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private String user;
    private char[] password;
    private String writerId;
    private byte[] hmacKey;
    private boolean createSchema = true;
    private int maxBatch = 1024;
    private int queueCapacity = 8192;
    private int maxRecordBytes = JsonlAuditSink.DEFAULT_MAX_RECORD_BYTES;
    private Duration writeTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);

    private Builder(String url) {
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new ApeConfigurationException("ape.audit.jdbc.url must be a jdbc:postgresql: URL, "
            + "e.g. jdbc:postgresql://db.example.com:5432/audit?sslmode=verify-full, but was '"
            + (url == null ? "" : Connections.describe(url)) + "'");
      }
      this.url = url;
    }

    /** The database user (else the URL's). */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The password (else the URL's, or none). */
    public Builder password(char[] password) {
      this.password = password.clone();
      return this;
    }

    /** Reads the password from a file (its content without a trailing newline). */
    public Builder passwordFile(Path file) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
            : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        this.password = text.toCharArray();
        return this;
      } catch (IOException e) {
        throw new ApeConfigurationException("ape.audit.jdbc.password-file names '" + file
            + "', which cannot be read: " + e.getMessage(), e);
      }
    }

    /** This sink's chain ({@code [A-Za-z0-9._:@-]}, 1 to 128); default host-pid-random. */
    public Builder writerId(String id) {
      if (id == null || !WRITER_ID.matcher(id).matches()) {
        throw new ApeConfigurationException("ape.audit.jdbc.writer-id must be 1 to 128 of "
            + "A-Z a-z 0-9 . _ : @ -, but was '" + id + "'");
      }
      this.writerId = id;
      return this;
    }

    /** Authenticates every record with HMAC-SHA256 (at least 32 bytes). */
    public Builder hmacKey(byte[] key) {
      if (key == null || key.length < RecordMac.MIN_KEY_BYTES) {
        throw new ApeConfigurationException("the audit HMAC key must have at least "
            + RecordMac.MIN_KEY_BYTES + " bytes");
      }
      this.hmacKey = key.clone();
      return this;
    }

    /** Reads the HMAC key from a file (its bytes, as for the JSON-lines sink). */
    public Builder hmacKeyFile(Path file) {
      return hmacKey(KeyFile.read(file, "ape.audit.jdbc.hmac-key-file"));
    }

    /** Whether to create the table and indexes on first use (default true). */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /** The most records committed at once (default 1024). */
    public Builder maxBatch(int max) {
      this.maxBatch = positive("ape.audit.jdbc.max-batch", max);
      return this;
    }

    /** The most records waiting for the writer (default 8192). */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = positive("ape.audit.jdbc.queue-capacity", capacity);
      return this;
    }

    /** The longest a caller waits for its commit (default 10 s). */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive("ape.audit.jdbc.write-timeout", timeout);
      return this;
    }

    /** The longest a connection attempt takes (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("ape.audit.jdbc.connect-timeout", timeout);
      return this;
    }

    private static int positive(String key, int v) {
      if (v < 1) {
        throw new ApeConfigurationException(key + " must be at least 1, but was " + v);
      }
      return v;
    }

    private static Duration positive(String key, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ApeConfigurationException(key + " must be a positive duration, but was " + d);
      }
      return d;
    }

    /**
     * Connects, creates the schema if asked, reads the chain's head and starts the writer.
     *
     * @throws AuditException if PostgreSQL cannot be reached or refuses, the writer id is in
     *     use, or the chain ends in a record this sink cannot vouch for
     */
    public JdbcAuditSink build() {
      return new JdbcAuditSink(this);
    }
  }
}
