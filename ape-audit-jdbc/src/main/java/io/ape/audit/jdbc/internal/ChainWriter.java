package io.ape.audit.jdbc.internal;

import io.ape.api.AuditException;
import io.ape.audit.ChainHead;
import io.ape.audit.internal.Hex;
import io.ape.audit.internal.JsonBuffer;
import io.ape.audit.internal.MalformedRecordException;
import io.ape.audit.internal.ParsedRecord;
import io.ape.audit.internal.RecordFormat;
import io.ape.audit.internal.RecordMac;
import io.ape.audit.internal.RecordParser;
import io.ape.audit.internal.Sha256;
import io.ape.audit.jdbc.AuditSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a writer's chain and its connection. It takes every record that
 * arrived while the previous batch was being committed (up to {@code maxBatch}), chains them
 * ({@code recordNo}, {@code prev}, {@code mac}: exactly the JSON-lines sink's record), inserts
 * them with one batched statement and commits once; then every caller of the batch returns.
 *
 * <p>Any failure fails the whole batch (its callers get {@link AuditException}), closes the
 * connection and forgets the head: the next batch reconnects and reads the head back from the
 * database, so a batch whose commit did happen although the driver reported an error (an
 * in-doubt commit) is continued from, never overwritten, and the chain has no gap.
 */
public final class ChainWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);
  /** The most characters of a driver's message repeated in a log line or an exception. */
  private static final int MAX_MESSAGE = 500;
  private static final String INSERT = "INSERT INTO " + AuditSchema.TABLE + " (writer_id, "
      + "record_no, sequence, event_time, event_type, tenant_id, session_id, action_id, tool_id,"
      + " decision, rule_id, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String HEAD = "SELECT record_no, record FROM " + AuditSchema.TABLE
      + " WHERE writer_id = ? ORDER BY record_no DESC LIMIT 1";

  /** Everything the writer needs. */
  public record Settings(String url, String user, char[] password, String writerId,
      RecordMac mac, boolean createSchema, int maxBatch, Duration connectTimeout) {}

  private final Settings settings;
  private final BlockingQueue<PendingRow> queue;
  private final PendingRow stop;
  private final MessageDigest sha = Sha256.newDigest();
  private final Mac mac;
  private final RecordParser parser = new RecordParser();
  private final String description;
  private Connection connection;
  private boolean schemaChecked;
  private long recordNo;
  private byte[] lastHash;
  private volatile ChainHead head = ChainHead.EMPTY;

  /** A writer for {@code queue}; {@code stop} ends it once everything before it is written. */
  public ChainWriter(Settings settings, BlockingQueue<PendingRow> queue, PendingRow stop) {
    this.settings = settings;
    this.queue = queue;
    this.stop = stop;
    this.mac = settings.mac() == null ? null : settings.mac().newMac();
    this.description = "PostgreSQL " + Connections.describe(settings.url());
  }

  /** The last committed record (number and hash), as far as this writer knows. */
  public ChainHead head() {
    return head;
  }

  /**
   * Connects and reads the head now (the sink's {@code build()} fails early on a bad URL,
   * credentials or a chain it cannot extend).
   */
  public void connectNow() {
    try {
      connect();
    } catch (SQLException e) {
      disconnect();
      throw new AuditException(description + " cannot be used for the audit log: "
          + e.getMessage(), e);
    } catch (AuditException e) {
      disconnect();
      throw e;
    }
  }

  @Override
  public void run() {
    List<PendingRow> batch = new ArrayList<>();
    boolean stopping = false;
    try {
      while (!stopping) {
        PendingRow first = queue.take();
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        int stopAt = batch.indexOf(stop);
        if (stopAt >= 0) {
          stopping = true;
          batch.subList(stopAt, batch.size()).clear();
        }
        List<PendingRow> rows = new ArrayList<>(batch.size());
        for (PendingRow r : batch) {
          if (r.claim()) {
            rows.add(r);
          }
        }
        if (!rows.isEmpty()) {
          write(rows);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      AuditException closed = new AuditException("the JDBC audit sink is closed");
      PendingRow r;
      while ((r = queue.poll()) != null) {
        if (r.claim()) {
          r.failed(closed);
        }
      }
      disconnect();
    }
  }

  private void write(List<PendingRow> rows) {
    try {
      if (connection == null) {
        connect();
      }
      long no = recordNo;
      byte[] prev = lastHash;
      List<Long> numbers = new ArrayList<>(rows.size());
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        JsonBuffer buf = new JsonBuffer(1024);
        for (PendingRow r : rows) {
          if (r.isMarker()) {
            numbers.add(no);
            continue;
          }
          buf.reset();
          buf.raw(r.body);
          buf.raw(",\"recordNo\":").number(++no).raw(",\"prev\":\"").hex(prev).raw('"');
          if (mac != null) {
            mac.update(buf.array(), 0, buf.size());
            mac.update((byte) '}');
            buf.raw(",\"mac\":\"").hex(mac.doFinal()).raw('"');
          }
          buf.raw('}');
          byte[] line = buf.toByteArray();
          sha.reset();
          prev = sha.digest(line);
          bind(insert, no, r.columns, line);
          insert.addBatch();
          numbers.add(no);
        }
        if (no > recordNo) {
          insert.executeBatch();
        }
      }
      connection.commit();
      recordNo = no;
      lastHash = prev;
      head = new ChainHead(no, Hex.encode(prev));
      for (int i = 0; i < rows.size(); i++) {
        rows.get(i).committed(numbers.get(i));
      }
    } catch (SQLException | RuntimeException e) {
      String message = e instanceof SQLException ? sqlMessage((SQLException) e) : e.toString();
      LOG.warn("audit batch of {} record(s) not committed to {}: {}", rows.size(), description,
          message);
      AuditException failure = e instanceof AuditException ? (AuditException) e
          : new AuditException("the audit record could not be committed to " + description
              + ": " + message + "; the call is refused", e);
      for (PendingRow r : rows) {
        r.failed(failure);
      }
      disconnect();
    }
  }

  /**
   * What went wrong, short. The driver's {@link java.sql.BatchUpdateException} repeats the whole
   * statement with its values (every record of the batch, up to megabytes): its message is left
   * out, the cause it chains is said instead.
   */
  static String sqlMessage(SQLException e) {
    SQLException cause = e;
    if (e instanceof java.sql.BatchUpdateException && e.getNextException() != null) {
      cause = e.getNextException();
    }
    String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof java.sql.BatchUpdateException) {
      m = "the batched insert failed";
    }
    if (cause.getSQLState() != null) {
      m = m + " [SQLState " + cause.getSQLState() + "]";
    }
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  private void bind(PreparedStatement s, long no, EventColumns c, byte[] line)
      throws SQLException {
    s.setString(1, settings.writerId());
    s.setLong(2, no);
    s.setLong(3, c.sequence());
    s.setObject(4, OffsetDateTime.ofInstant(c.time(), ZoneOffset.UTC));
    s.setString(5, c.type());
    s.setString(6, c.tenant());
    s.setString(7, c.session());
    s.setString(8, c.action());
    s.setString(9, c.tool());
    if (c.decision() == null) {
      s.setNull(10, Types.VARCHAR);
    } else {
      s.setString(10, c.decision());
    }
    s.setString(11, c.rule());
    s.setBytes(12, line);
  }

  private void connect() throws SQLException {
    connection = Connections.open(settings.url(), settings.user(), settings.password(),
        settings.connectTimeout(), "ape-audit " + settings.writerId());
    try (Statement s = connection.createStatement()) {
      try (ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
        if (r.next() && r.getString(1).equalsIgnoreCase("off")) {
          // a commit must be on disk before record() returns
          s.execute("SET synchronous_commit TO on");
        }
      }
      String schema = "";
      try (ResultSet r = s.executeQuery("SELECT current_schema()")) {
        if (r.next() && r.getString(1) != null) {
          schema = r.getString(1);
        }
      }
      // One sink per writer id (and schema): a session-level advisory lock, waited for briefly
      // so that the connection of a sink that has just closed can finish releasing it.
      s.execute("SET lock_timeout TO '2s'");
      try {
        s.execute("SELECT pg_advisory_lock(" + writerLock(schema) + ")");
      } catch (SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
          throw new AuditException("another audit sink holds the writer id '"
              + settings.writerId() + "' on " + description + "; every writer needs a writer "
              + "id of its own (ape.audit.jdbc.writer-id)", e);
        }
        throw e;
      }
      s.execute("RESET lock_timeout");
    }
    if (settings.createSchema() && !schemaChecked) {
      AuditSchema.create(connection);
      schemaChecked = true;
    }
    connection.setAutoCommit(false);
    readHead();
    connection.commit();
  }

  private long writerLock(String schema) {
    sha.reset();
    byte[] d = sha.digest(("ape-audit-jdbc writer " + schema + " " + settings.writerId())
        .getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xFF);
    }
    return v;
  }

  /** Continues the chain from its last record, which must be one this sink can vouch for. */
  private void readHead() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(HEAD)) {
      s.setString(1, settings.writerId());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          recordNo = 0;
          lastHash = Hex.decode(RecordFormat.GENESIS);
          head = ChainHead.EMPTY;
          return;
        }
        long no = r.getLong(1);
        byte[] line = r.getBytes(2);
        ParsedRecord parsed;
        try {
          parsed = parser.parse(line, 0, line.length);
        } catch (MalformedRecordException e) {
          throw cannotContinue(no, "it is not a valid record (" + e.getMessage() + ")");
        }
        if (parsed.recordNo() != no) {
          throw cannotContinue(no, "its record says it is record " + parsed.recordNo());
        }
        if (mac != null && !RecordMac.check(mac, line, parsed)) {
          throw cannotContinue(no, parsed.hasMac() ? "its HMAC does not verify with the key"
              : "it has no HMAC, but a key is configured");
        }
        if (mac == null && parsed.hasMac()) {
          throw cannotContinue(no, "it carries an HMAC, but no key is configured");
        }
        sha.reset();
        recordNo = no;
        lastHash = sha.digest(line);
        head = new ChainHead(no, Hex.encode(lastHash));
      }
    }
  }

  private AuditException cannotContinue(long no, String why) {
    return new AuditException("the audit chain of writer '" + settings.writerId() + "' in "
        + description + " ends at record " + no + ", which this sink cannot continue: " + why
        + "; run `ape audit verify --jdbc`, or use another writer id");
  }

  private void disconnect() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.rollback();
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_unlock_all()"); // released now, not when the backend ends
        }
      } catch (SQLException | RuntimeException e) {
        // the connection is gone anyway
      }
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("closing the audit connection failed", e);
      }
    }
  }

  /** Waits at most {@code timeout} for the writer thread (used by close). */
  public static boolean join(Thread t, Duration timeout) throws InterruptedException {
    t.join(Math.max(1, timeout.toMillis()));
    return !t.isAlive();
  }

  static long nanos(Duration d) {
    return TimeUnit.NANOSECONDS.convert(d);
  }
}
