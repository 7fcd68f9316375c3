package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.audit.internal.FileChannelOpener;
import io.ape.audit.internal.JsonBuffer;
import io.ape.audit.internal.LogWriter;
import io.ape.audit.internal.KeyFile;
import io.ape.audit.internal.PendingRecord;
import io.ape.audit.internal.RecordMac;
import io.ape.audit.internal.RecordSerializer;
import io.ape.audit.internal.SegmentFiles;
import io.ape.audit.internal.TailRecovery;
import io.ape.spi.AuditSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, hash-chained, optionally HMAC-authenticated audit log in JSON-lines format.
 *
 * <p><b>Format.</b> One canonical JSON object per line (see the ape-audit README): the event's
 * fields, then {@code recordNo} (1, 2, 3, … across every file and restart of the log),
 * {@code prev} (the SHA-256 of the previous line's bytes; 64 zeros for the first record) and,
 * with a key, {@code mac} (HMAC-SHA256 of the record without its {@code mac}).
 *
 * <p><b>Durability.</b> {@link #record} returns only after the record was written and
 * {@link FileChannel#force forced} to disk, alone ({@link Durability#PER_RECORD}) or in a batch
 * with concurrent callers' records ({@link Durability#GROUP_COMMIT}) — for every event type by
 * default, or only for the types given to {@link Builder#waitFor} (the others return once
 * queued and are durable no later than the next waited-for record). One writer thread owns
 * the file; callers hand records to it through a queue bounded both in records and in bytes,
 * so a slow disk makes callers wait (back-pressure) rather than grow memory; no caller waits
 * longer than the write timeout.
 *
 * <p><b>Ordering.</b> Events must carry the engine's sequence numbers (1, 2, 3, … assigned by
 * the audit dispatcher, never 0), and every sequence number must reach the sink exactly once.
 * Callers may call {@link #record} concurrently and in any order: the writer writes records in
 * sequence order, holding a record whose predecessor has not arrived yet for at most the
 * ordering timeout (after which the sink fails, since the log could no longer be gapless). The
 * sequence starts at 1 (the dispatcher's first number) unless {@link Builder#firstSequence}
 * says otherwise. A record rejected before it
 * reaches the writer (too large) does not block its successors.
 *
 * <p><b>Rotation.</b> When a record would make the current file larger than the size limit,
 * the writer forces the file and continues in the next segment: {@code audit.jsonl},
 * {@code audit.jsonl.1}, {@code audit.jsonl.2}, … (never renamed; the highest index is the live
 * file). The first record of a segment carries the hash of the last record of the previous one.
 *
 * <p><b>Recovery.</b> On start the sink continues the existing chain (see
 * {@link #recovery()}): a torn last line is preserved in a side file, cut from the log and
 * reported; a last record that is not valid, does not link, or does not match the configured
 * key makes {@link Builder#build} fail.
 *
 * <p><b>Failure.</b> Any I/O error fails the sink for good: that and every later
 * {@link #record} throws {@link AuditException}, so the engine refuses guarded calls.
 *
 * <p>Thread-safe. Holds an exclusive lock on {@code <path>.lock} while open.
 */
public final class JsonlAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlAuditSink.class);

  /** Default largest size of one segment file: 64 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  /** Default largest size of one record line: 1 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  /** Default number of records that may wait for the writer. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;
  /** Default number of bytes that may wait for the writer: 64 MiB. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
  /** Default largest group-commit batch. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  private static final int ENCODER_KEEP_BYTES = 64 * 1024;

  private final Path path;
  private final Durability durability;
  private final Set<AuditEventType> waitFor;
  private final long writeTimeoutNanos;
  private final int maxBodyBytes;
  private final LogWriter writer;
  private final Thread writerThread;
  private final RecoveryReport recovery;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(Encoder::new);
  private volatile boolean closed;

  /** Per-thread serialisation state. */
  private static final class Encoder {
    final RecordSerializer serializer = new RecordSerializer();
    final JsonBuffer buffer = new JsonBuffer(1024);
  }

  private JsonlAuditSink(Builder b) {
    this.path = b.path;
    this.durability = b.durability;
    this.waitFor = b.waitFor;
    this.writeTimeoutNanos = b.writeTimeout.toNanos();
    RecordMac mac = b.hmacKey == null ? null : new RecordMac(b.hmacKey);
    this.maxBodyBytes = LogWriter.maxBodyBytes(b.maxRecordBytes, mac != null);
    FileChannel lc = null;
    FileLock fl = null;
    TailRecovery.Recovered start;
    try {
      lc = openLock(b);
      fl = acquire(lc);
      start = new TailRecovery(path, b.opener, mac, b.maxRecordBytes).recover();
    } catch (IOException e) {
      closeQuietly(lc);
      throw new AuditException("cannot open the audit log " + path + ": " + e, e);
    } catch (TailRecovery.DamagedLogException e) {
      closeQuietly(lc);
      throw new AuditException("the existing audit log " + path + " cannot be continued: "
          + e.getMessage() + ". Run 'ape audit verify' on it and move its files aside to start"
          + " a new log.", e);
    } catch (RuntimeException e) {
      closeQuietly(lc);
      throw e;
    }
    this.lockChannel = lc;
    this.lock = fl;
    this.recovery = start.report();
    boolean perRecord = durability == Durability.PER_RECORD;
    this.writer = new LogWriter(new LogWriter.Settings(path, b.opener, mac, b.maxFileBytes,
        perRecord ? 1 : b.maxBatch, perRecord ? 0 : b.window.toNanos(),
        b.orderingTimeout.toNanos(), b.queueCapacity, b.maxQueuedBytes, perRecord,
        b.deferredSyncDelay.toNanos(), b.firstSequence), start);
    this.writerThread = new Thread(writer, "ape-audit-writer-" + path.getFileName());
    writerThread.setDaemon(true);
    writerThread.start();
    if (recovery.tornTail().isPresent()) {
      LOG.warn("{}", recovery.describe());
    }
  }

  /** Starts building a sink that writes to {@code path} (segment 0 of the log). */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /**
   * The existing files of the log whose first segment is {@code path}, oldest first: the list
   * to give to {@link AuditVerifier#verify}.
   *
   * @throws AuditException if the directory cannot be read
   */
  public static List<Path> files(Path path) {
    try {
      return SegmentFiles.existing(path);
    } catch (IOException e) {
      throw new AuditException("cannot list the audit log files of " + path + ": " + e, e);
    }
  }

  /**
   * Records one event durably.
   *
   * @throws AuditException if the event could not be made durable (the sink is failed,
   *     closed, the disk is too slow, or the event is invalid or too large)
   */
  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    checkUsable();
    long seq = event.sequence();
    if (seq <= 0) {
      throw new AuditException("audit event " + event.type() + " has no sequence number ("
          + seq + "): events must be stamped by the engine's audit dispatcher");
    }
    long deadline = System.nanoTime() + writeTimeoutNanos;
    byte[] body;
    try {
      body = encode(event);
    } catch (RuntimeException e) {
      skip(seq, deadline);
      throw new AuditException("cannot serialise audit event " + seq + ": " + e.getMessage(),
          e);
    }
    if (body.length > maxBodyBytes) {
      skip(seq, deadline);
      throw new AuditException("audit event " + seq + " (" + event.type() + ") needs "
          + body.length + " bytes, more than the record limit (ape.audit.jsonl.max-record-bytes)");
    }
    boolean awaited = waitFor.contains(event.type());
    PendingRecord pending = writer.submit(seq, body, awaited, deadline);
    if (pending == null) {
      throw timedOut("waiting for room in the audit queue");
    }
    if (closed && pending.abandon(closedException())) {
      throw closedException();
    }
    if (!awaited) {
      return;
    }
    AuditException failure = LogWriter.await(pending, deadline,
        () -> timedOut("waiting for the record to become durable"));
    if (failure != null) {
      throw new AuditException(failure.getMessage(), failure);
    }
  }

  private byte[] encode(AuditEvent event) {
    Encoder enc = encoders.get();
    JsonBuffer buf = enc.buffer;
    buf.reset();
    enc.serializer.writeBody(buf, event);
    byte[] body = buf.toByteArray();
    if (buf.array().length > ENCODER_KEEP_BYTES) {
      encoders.remove();
    }
    return body;
  }

  private void skip(long seq, long deadline) {
    if (!writer.submitSkip(seq, deadline)) {
      throw timedOut("waiting for room in the audit queue");
    }
  }

  private AuditException timedOut(String what) {
    AuditException e = new AuditException("audit log " + path + " timed out after "
        + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms " + what
        + " (ape.audit.jsonl.write-timeout): the disk is too slow or stuck");
    writer.markFailed(e);
    return e;
  }

  private AuditException closedException() {
    return new AuditException("audit log " + path + " is closed");
  }

  private void checkUsable() {
    AuditException f = writer.failure();
    if (f != null) {
      throw new AuditException("audit log " + path + " is unavailable after an earlier "
          + "failure: " + f.getMessage(), f);
    }
    if (closed) {
      throw closedException();
    }
  }

  /**
   * Forces every record handed over so far, including records nobody waited for (see
   * {@link Builder#waitFor}), once those before them in sequence order are written.
   *
   * @throws AuditException if the sink has failed or is closed, or the force fails
   */
  @Override
  public void flush() {
    checkUsable();
    long deadline = System.nanoTime() + writeTimeoutNanos;
    PendingRecord sync = writer.submitSync(deadline);
    if (sync == null) {
      throw timedOut("waiting for room in the audit queue");
    }
    if (closed && sync.abandon(closedException())) {
      throw closedException();
    }
    AuditException failure = LogWriter.await(sync, deadline,
        () -> timedOut("waiting for the log to be forced"));
    if (failure != null) {
      throw new AuditException(failure.getMessage(), failure);
    }
  }

  /**
   * Writes the records already handed over, stops the writer and releases the files. Records
   * arriving afterwards are refused. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long deadline = System.nanoTime() + writeTimeoutNanos;
    if (!writer.stop(deadline)) {
      LOG.error("audit log {}: the writer did not accept the stop request in time", path);
      writerThread.interrupt();
    }
    try {
      writerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(
          deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writerThread.isAlive()) {
      LOG.error("audit log {}: the writer did not stop in time; interrupting it", path);
      writerThread.interrupt();
      try {
        writerThread.join(TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (writerThread.isAlive()) {
      // Keep the lock: another sink must not append while this writer may still write.
      LOG.error("audit log {}: the writer is stuck in an I/O call; the log stays locked until "
          + "this process exits", path);
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("releasing the lock of audit log {} failed: {}", path, e.toString());
    }
    closeQuietly(lockChannel);
  }

  /** What the sink found when it opened the log (torn line, where the chain continues). */
  public RecoveryReport recovery() {
    return recovery;
  }

  /** The last durable record: keep it to detect a log cut short later. */
  public ChainHead head() {
    return writer.head();
  }

  /** The first segment of the log. */
  public Path path() {
    return path;
  }

  /** The configured durability mode. */
  public Durability durability() {
    return durability;
  }

  /** The event types whose {@link #record} waits for durability. */
  public Set<AuditEventType> waitFor() {
    return waitFor;
  }

  /** Whether the sink has failed for good. */
  public boolean isFailed() {
    return writer.failure() != null;
  }

  /** Records waiting for the writer (for tests and monitoring). */
  int queuedRecords() {
    return writer.queued();
  }

  @Override
  public String toString() {
    return "JsonlAuditSink[" + path + ", " + durability.keyword() + "]";
  }

  private static FileChannel openLock(Builder b) throws IOException {
    Path lockFile = b.path.resolveSibling(b.path.getFileName() + ".lock");
    Path parent = lockFile.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    return FileChannelOpener.defaults().open(lockFile, EnumSet.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE));
  }

  private FileLock acquire(FileChannel lc) throws IOException {
    FileLock l;
    try {
      l = lc.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      throw new IOException("it is in use by another audit sink (" + path
          + ".lock is held); only one writer may append to a log");
    }
    return l;
  }

  private static void closeQuietly(FileChannel c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.warn("closing {} failed: {}", c, e.toString());
    }
  }

  /**
   * Builds a {@link JsonlAuditSink}. Every option can be set from configuration by the
   * {@code jsonl} provider; the configuration key is given in each method's description. Not
   * thread-safe.
   */
  public static final class Builder {
    private static final int ENCODER_KEEP_BYTES = 64 * 1024;

  private final Path path;
    private Durability durability = Durability.GROUP_COMMIT;
    private Set<AuditEventType> waitFor =
        Collections.unmodifiableSet(EnumSet.allOf(AuditEventType.class));
    private byte[] hmacKey;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration window = Duration.ZERO;
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Duration orderingTimeout = Duration.ofSeconds(5);
    private Duration deferredSyncDelay = Duration.ofMillis(10);
    private long firstSequence = 1;
    private FileChannelOpener opener = FileChannelOpener.defaults();

    private Builder(Path path) {
      if (path == null) {
        throw new ApeConfigurationException("the audit log path (ape.audit.jsonl.path) must "
            + "be set");
      }
      if (path.getFileName() == null) {
        throw new ApeConfigurationException("the audit log path (ape.audit.jsonl.path) must "
            + "name a file, but was '" + path + "'");
      }
      this.path = path;
    }

    /** Durability mode ({@code ape.audit.jsonl.durability}); default group-commit. */
    public Builder durability(Durability mode) {
      this.durability = Objects.requireNonNull(mode, "durability");
      return this;
    }

    /**
     * The event types whose {@link #record} waits until the record is durable
     * ({@code ape.audit.jsonl.wait-for}: {@code all}, the default, or a comma-separated list of
     * types). A record of another type returns once it is queued; it is written in sequence
     * order with the others and becomes durable with its batch, so it is durable at the latest
     * when a later waited-for record returns. Waiting only for
     * {@link AuditEventType#TOOL_EXECUTION_STARTED} keeps the guarantee that matters (nothing a
     * tool does happens before the record of its start and of everything that led to it is on
     * disk) at a fraction of the cost. If writing a record that nobody waits for fails, the
     * sink fails, so the next waited-for record throws.
     *
     * @throws ApeConfigurationException if {@code types} is empty
     */
    public Builder waitFor(Set<AuditEventType> types) {
      if (types == null || types.isEmpty()) {
        throw new ApeConfigurationException("waitFor (ape.audit.jsonl.wait-for) must name at "
            + "least one event type, or be 'all'");
      }
      this.waitFor = Collections.unmodifiableSet(EnumSet.copyOf(types));
      return this;
    }

    /**
     * Adds an HMAC-SHA256 to every record with this key (at least 32 bytes;
     * {@code ape.audit.jsonl.hmac-key-file}). The key is copied.
     */
    public Builder hmacKey(byte[] key) {
      if (key == null || key.length < RecordMac.MIN_KEY_BYTES) {
        throw new ApeConfigurationException("the audit HMAC key (ape.audit.jsonl.hmac-key-file)"
            + " must have at least " + RecordMac.MIN_KEY_BYTES + " bytes, but has "
            + (key == null ? 0 : key.length));
      }
      this.hmacKey = Arrays.copyOf(key, key.length);
      return this;
    }

    /**
     * Reads the HMAC key from a file: the file's bytes are the key, unchanged
     * ({@code ape.audit.jsonl.hmac-key-file}).
     */
    public Builder hmacKeyFile(Path file) {
      return hmacKey(KeyFile.read(file, "ape.audit.jsonl.hmac-key-file"));
    }

    /**
     * Size at which the log moves to its next segment
     * ({@code ape.audit.jsonl.max-file-bytes}); default 64 MiB. A segment holds at least one
     * record.
     */
    public Builder maxFileBytes(long bytes) {
      this.maxFileBytes = check(bytes, 1, Long.MAX_VALUE, "maxFileBytes",
          "ape.audit.jsonl.max-file-bytes");
      return this;
    }

    /**
     * Largest record line ({@code ape.audit.jsonl.max-record-bytes}), 1 KiB to 64 MiB; default
     * 1 MiB. A larger event is refused with {@link AuditException}.
     */
    public Builder maxRecordBytes(int bytes) {
      this.maxRecordBytes = (int) check(bytes, 1024, 64L << 20, "maxRecordBytes",
          "ape.audit.jsonl.max-record-bytes");
      return this;
    }

    /** Records that may wait for the writer ({@code ape.audit.jsonl.queue-capacity}). */
    public Builder queueCapacity(int records) {
      this.queueCapacity = (int) check(records, 1, 1 << 20, "queueCapacity",
          "ape.audit.jsonl.queue-capacity");
      return this;
    }

    /** Bytes that may wait for the writer ({@code ape.audit.jsonl.max-queued-bytes}). */
    public Builder maxQueuedBytes(long bytes) {
      this.maxQueuedBytes = check(bytes, 1024, Integer.MAX_VALUE, "maxQueuedBytes",
          "ape.audit.jsonl.max-queued-bytes");
      return this;
    }

    /**
     * Largest group-commit batch ({@code ape.audit.jsonl.group-commit.max-batch}); default
     * 4096.
     */
    public Builder maxBatch(int records) {
      this.maxBatch = (int) check(records, 1, 1 << 20, "maxBatch",
          "ape.audit.jsonl.group-commit.max-batch");
      return this;
    }

    /**
     * How long the writer waits for more records before forcing a batch that is not full
     * ({@code ape.audit.jsonl.group-commit.window}); default 0: a batch is everything that
     * arrived while the previous batch was being forced, which is optimal when callers wait for
     * durability. At most 1 s.
     */
    public Builder groupCommitWindow(Duration window) {
      this.window = checkDuration(window, true, "groupCommitWindow",
          "ape.audit.jsonl.group-commit.window");
      if (window.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new ApeConfigurationException("groupCommitWindow "
            + "(ape.audit.jsonl.group-commit.window) must be at most 1s, but was " + window);
      }
      return this;
    }

    /**
     * Longest time {@link #record} waits for room in the queue and for durability
     * ({@code ape.audit.jsonl.write-timeout}); default 30 s. Exceeding it fails the sink.
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = checkDuration(timeout, false, "writeTimeout",
          "ape.audit.jsonl.write-timeout");
      return this;
    }

    /**
     * Longest time a record waits for its predecessor's sequence number
     * ({@code ape.audit.jsonl.ordering-timeout}); default 5 s. Exceeding it fails the sink.
     */
    public Builder orderingTimeout(Duration timeout) {
      this.orderingTimeout = checkDuration(timeout, false, "orderingTimeout",
          "ape.audit.jsonl.ordering-timeout");
      return this;
    }

    /**
     * In group-commit mode, how long records that nobody waits for (see {@link #waitFor}) may
     * stay written but not forced when no waited-for record comes along
     * ({@code ape.audit.jsonl.deferred-sync-delay}); default 10 ms, at most 10 s. They are
     * written at once either way, so a crash of the process loses none of them; the delay only
     * bounds how long they depend on the operating system's cache.
     */
    public Builder deferredSyncDelay(Duration delay) {
      this.deferredSyncDelay = checkDuration(delay, false, "deferredSyncDelay",
          "ape.audit.jsonl.deferred-sync-delay");
      if (delay.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new ApeConfigurationException("deferredSyncDelay "
            + "(ape.audit.jsonl.deferred-sync-delay) must be at most 10s, but was " + delay);
      }
      return this;
    }

    /**
     * The sequence number of the first event this sink will receive; default 1, where the
     * engine's audit dispatcher starts. Events of concurrent callers may reach the sink out of
     * order, so a known start is what lets the sink hold an early-arriving event 2 until event
     * 1 arrives. Give 0 to take the sequence of whichever event arrives first (only for a single
     * caller that numbers its events itself, e.g. continuing after an earlier process).
     */
    public Builder firstSequence(long sequence) {
      if (sequence < 0) {
        throw new ApeConfigurationException("firstSequence must be 0 (the first event received) "
            + "or a sequence number, but was " + sequence);
      }
      this.firstSequence = sequence;
      return this;
    }

    /** Test seam: how files are opened. */
    Builder channelOpener(FileChannelOpener channelOpener) {
      this.opener = Objects.requireNonNull(channelOpener, "channelOpener");
      return this;
    }

    /**
     * Opens (or creates) the log, recovers its tail and starts the writer.
     *
     * @throws ApeConfigurationException if the options contradict each other
     * @throws AuditException if the log cannot be opened or its tail cannot be continued
     */
    public JsonlAuditSink build() {
      if (maxQueuedBytes < maxRecordBytes) {
        throw new ApeConfigurationException("maxQueuedBytes (ape.audit.jsonl.max-queued-bytes)"
            + " must be at least maxRecordBytes (ape.audit.jsonl.max-record-bytes), but "
            + maxQueuedBytes + " < " + maxRecordBytes);
      }
      return new JsonlAuditSink(this);
    }

    private static long check(long v, long min, long max, String option, String key) {
      if (v < min || v > max) {
        throw new ApeConfigurationException(option + " (" + key + ") must be between " + min
            + " and " + max + ", but was " + v);
      }
      return v;
    }

    private static Duration checkDuration(Duration d, boolean zeroAllowed, String option,
        String key) {
      if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
        throw new ApeConfigurationException(option + " (" + key + ") must be "
            + (zeroAllowed ? "zero or positive" : "positive") + ", but was " + d);
      }
      return d;
    }
  }
}
