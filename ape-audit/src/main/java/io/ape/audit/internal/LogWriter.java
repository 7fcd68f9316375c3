package io.ape.audit.internal;

import io.ape.api.AuditException;
import io.ape.audit.ChainHead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the log file: it takes records from a bounded queue, puts them
 * in engine-sequence order, chains them ({@code recordNo}, {@code prev}, {@code mac}), writes
 * each batch with one {@code write} and makes it durable with one {@code force}, rotates
 * segments, and only then releases the callers of the batch.
 *
 * <p>Memory is bounded twice: by the number of queued records and by the number of queued
 * bytes; a caller that finds either bound reached waits (back-pressure), for at most the write
 * timeout. Any I/O error fails the writer for good: every waiting and every later record gets
 * an {@link AuditException}. Internal to ape-audit.
 */
public final class LogWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

  private static final int FLUSH_THRESHOLD = 1 << 20;
  private static final int SUFFIX_FIXED = ",\"recordNo\":".length() + ",\"prev\":\"\"".length()
      + RecordFormat.HEX_LENGTH + "}\n".length();
  private static final int MAC_SUFFIX = ",\"mac\":\"\"".length() + RecordFormat.HEX_LENGTH;

  /** The writer's settings. */
  public record Settings(Path base, FileChannelOpener opener, RecordMac mac, long maxFileBytes,
      int maxBatch, long windowNanos, long orderingTimeoutNanos, int queueCapacity,
      long maxQueuedBytes, boolean forceEveryBatch, long deferredSyncNanos, long firstSequence) {}

  private final Settings settings;
  private final PendingRecord stop = PendingRecord.skip(Long.MIN_VALUE);
  private final BlockingQueue<PendingRecord> queue;
  private final Semaphore queuedBytes;
  private final MessageDigest sha = Sha256.newDigest();
  private final Mac mac;
  private final JsonBuffer buf = new JsonBuffer(256 * 1024);
  private final PriorityQueue<PendingRecord> reorder =
      new PriorityQueue<>(Comparator.comparingLong(r -> r.sequence));
  private final List<PendingRecord> drained = new ArrayList<>();
  private final List<PendingRecord> batch = new ArrayList<>();
  private final List<PendingRecord> syncs = new ArrayList<>();

  private FileChannel channel;
  private int segmentIndex;
  private long fileSize;
  private long recordNo;
  private final byte[] lastHash = new byte[32];
  private long nextSequence;
  private long stalledSince;
  private long unforcedSince;
  private boolean stopping;

  private volatile ChainHead head;
  private volatile AuditException failure;
  private volatile boolean exited;

  /** Creates the writer for a recovered log, positioned after its last record. */
  public LogWriter(Settings settings, TailRecovery.Recovered start) {
    this.settings = settings;
    this.nextSequence = Math.max(0, settings.firstSequence());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    // Fair, so that a large record is not starved by a stream of small ones.
    this.queuedBytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, settings.maxQueuedBytes()),
        true);
    this.mac = settings.mac() == null ? null : settings.mac().newMac();
    this.channel = start.channel();
    this.segmentIndex = start.segmentIndex();
    this.fileSize = start.size();
    this.recordNo = start.lastRecordNo();
    System.arraycopy(start.lastHash(), 0, lastHash, 0, 32);
    this.head = new ChainHead(recordNo, Hex.encode(lastHash));
  }

  /** The last durable record. */
  public ChainHead head() {
    return head;
  }

  /** The failure that stopped the writer, or {@code null}. */
  public AuditException failure() {
    return failure;
  }

  /** Whether the writer thread has ended. */
  public boolean exited() {
    return exited;
  }

  /** Records currently waiting in the queue (for tests and metrics). */
  public int queued() {
    return queue.size();
  }

  /** The largest body a record may have. */
  public static int maxBodyBytes(int maxRecordBytes, boolean withMac) {
    return maxRecordBytes - SUFFIX_FIXED - 20 - (withMac ? MAC_SUFFIX : 0);
  }

  /**
   * Hands a record to the writer, waiting (back-pressure) until the queue has room, at most
   * until {@code deadline} ({@link System#nanoTime()}).
   *
   * @param awaited whether the calling thread will {@link #await} the record
   * @return the queued record, or {@code null} if there was no room in time
   */
  public PendingRecord submit(long sequence, byte[] body, boolean awaited, long deadline) {
    PendingRecord r = PendingRecord.of(sequence, body, awaited);
    return enqueue(r, deadline) ? r : null;
  }

  /**
   * Tells the writer that {@code sequence} was rejected before it reached the log, so that
   * later records do not wait for it.
   *
   * @return whether the notice was queued in time
   */
  public boolean submitSkip(long sequence, long deadline) {
    return enqueue(PendingRecord.skip(sequence), deadline);
  }

  /**
   * Waits until the record is durable or failed, at most until {@code deadline}. Not
   * interruptible (the interrupt status is kept).
   *
   * @return {@code null} once the record is durable, else why it is not
   */
  public static AuditException await(PendingRecord r, long deadline,
      Supplier<AuditException> onTimeout) {
    boolean interrupted = false;
    try {
      while (!r.isFinished()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          AuditException e = onTimeout.get();
          if (r.abandon(e) || !r.isFinished()) {
            return e;
          }
          break;
        }
        LockSupport.parkNanos(r, remaining);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return r.state() == PendingRecord.DONE ? null : r.error();
  }

  private boolean enqueue(PendingRecord r, long deadline) {
    boolean interrupted = false;
    int bytes = r.bodyLength();
    boolean haveBytes = false;
    try {
      while (true) {
        long remaining = deadline - System.nanoTime();
        try {
          if (!haveBytes) {
            haveBytes = remaining > 0 && queuedBytes.tryAcquire(bytes, remaining,
                TimeUnit.NANOSECONDS);
            if (!haveBytes) {
              return false;
            }
            remaining = deadline - System.nanoTime();
          }
          if (queue.offer(r, Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
            return true;
          }
          queuedBytes.release(bytes);
          return false;
        } catch (InterruptedException e) {
          // Queuing is not interruptible: a half-sequenced record would stall the others.
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Asks the writer to force every record it has written (including records nobody waits
   * for) once the records queued before the request are written.
   *
   * @return the request to {@link #await}, or {@code null} if there was no room in time
   */
  public PendingRecord submitSync(long deadline) {
    PendingRecord r = PendingRecord.syncRequest();
    return enqueue(r, deadline) ? r : null;
  }

  /** Asks the writer to finish the queued records and stop. */
  public boolean stop(long deadline) {
    return enqueue(stop, deadline);
  }

  /**
   * Fails the writer for good (the first failure wins); thread-safe. The writer then fails
   * every record it holds and every record that arrives later.
   */
  public synchronized void markFailed(AuditException why) {
    if (failure == null) {
      failure = why;
      LOG.error("audit log {} failed; every further audited call is refused: {}",
          settings.base(), why.getMessage());
    }
  }

  /** Writer thread: fails the records it holds with the recorded failure. */
  private void failHoldings() {
    AuditException f = failure;
    for (PendingRecord r : syncs) {
      r.fail(f);
    }
    syncs.clear();
    for (PendingRecord r : batch) {
      release(r);
      r.fail(f);
    }
    batch.clear();
    for (PendingRecord r : reorder) {
      release(r);
      r.fail(f);
    }
    reorder.clear();
  }

  @Override
  public void run() {
    try {
      loop();
      if (failure == null && unforcedSince != 0) {
        try {
          forceWritten();
        } catch (IOException e) {
          markFailed(new AuditException("cannot force the audit log " + settings.base()
              + " on close: " + e, e));
        }
      }
    } catch (InterruptedException e) {
      markFailed(new AuditException("audit writer for " + settings.base() + " was interrupted",
          e));
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("audit writer crashed", e);
      markFailed(new AuditException("audit writer for " + settings.base() + " crashed: " + e,
          e));
    } finally {
      AuditException why = failure != null ? failure
          : new AuditException("audit log " + settings.base() + " is closed");
      exited = true;
      for (PendingRecord r : syncs) {
        r.fail(why);
      }
      syncs.clear();
      for (PendingRecord r : batch) {
        release(r);
        r.fail(why);
      }
      batch.clear();
      for (PendingRecord r : reorder) {
        release(r);
        r.fail(why);
      }
      reorder.clear();
      drained.clear();
      queue.drainTo(drained);
      for (PendingRecord r : drained) {
        release(r);
        r.fail(why);
      }
      closeChannel();
    }
  }

  private void loop() throws InterruptedException {
    while (true) {
      gather();
      if (failure != null) {
        failHoldings();
        if (stopping) {
          return;
        }
        continue;
      }
      collectInOrder();
      if (!batch.isEmpty() && batch.size() < settings.maxBatch() && settings.windowNanos() > 0) {
        waitForMore(System.nanoTime() + settings.windowNanos());
      }
      if (!batch.isEmpty()) {
        writeBatch();
        stalledSince = 0;
      } else if (!reorder.isEmpty()) {
        if (stalledSince == 0) {
          stalledSince = System.nanoTime();
        } else if (System.nanoTime() - stalledSince >= settings.orderingTimeoutNanos()) {
          markFailed(new AuditException("audit event sequence " + nextSequence
              + " never reached the audit log " + settings.base() + " within "
              + TimeUnit.NANOSECONDS.toMillis(settings.orderingTimeoutNanos())
              + " ms (later events are waiting for it): the chain cannot continue gapless"));
        } else if (stopping && queue.isEmpty()) {
          markFailed(new AuditException("audit log " + settings.base()
              + " closed while events waited for sequence " + nextSequence));
        }
      }
      if (!syncs.isEmpty() && failure == null && !inOrderAvailable()) {
        if (unforcedSince != 0) {
          forceDue();
        }
        if (failure == null) {
          for (PendingRecord r : syncs) {
            r.complete(recordNo);
          }
          syncs.clear();
        }
      }
      if (stopping && reorder.isEmpty() && queue.isEmpty()) {
        return;
      }
    }
  }

  /** Moves queued records into the reorder heap, blocking only when there is nothing to do. */
  private void gather() throws InterruptedException {
    PendingRecord first;
    if (reorder.isEmpty() && !stopping && unforcedSince != 0) {
      // Records nobody waits for were written but not forced: force them when nothing else
      // arrives within the deferred-sync delay.
      long wait = unforcedSince + settings.deferredSyncNanos() - System.nanoTime();
      first = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
      if (first == null) {
        forceDue();
        return;
      }
    } else if (reorder.isEmpty() && !stopping) {
      first = queue.take();
    } else if (stopping || failure != null || inOrderAvailable()) {
      first = queue.poll();
    } else {
      long since = stalledSince == 0 ? System.nanoTime() : stalledSince;
      long wait = since + settings.orderingTimeoutNanos() - System.nanoTime();
      first = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }
    if (first == null) {
      return;
    }
    accept(first);
    drained.clear();
    queue.drainTo(drained);
    for (PendingRecord r : drained) {
      accept(r);
    }
    drained.clear();
  }

  private void accept(PendingRecord r) {
    if (r == stop) {
      stopping = true;
    } else if (failure != null) {
      release(r);
      r.fail(failure);
    } else if (r.sync) {
      syncs.add(r);
    } else {
      reorder.add(r);
    }
  }

  private boolean inOrderAvailable() {
    PendingRecord r = reorder.peek();
    return r != null && (nextSequence == 0 || r.sequence <= nextSequence);
  }

  private void collectInOrder() {
    while (batch.size() < settings.maxBatch() && !reorder.isEmpty()) {
      PendingRecord r = reorder.peek();
      if (nextSequence == 0) {
        nextSequence = r.sequence;
      }
      if (r.sequence > nextSequence) {
        return;
      }
      reorder.poll();
      if (r.sequence < nextSequence) {
        release(r);
        r.fail(new AuditException("audit event sequence " + r.sequence
            + " arrived after sequence " + (nextSequence - 1)
            + " was recorded (duplicate or out of order); it was not recorded"));
        continue;
      }
      nextSequence++;
      if (r.claim()) {
        batch.add(r);
      } else {
        release(r);
      }
    }
  }

  private void waitForMore(long deadline) throws InterruptedException {
    while (batch.size() < settings.maxBatch()) {
      long wait = deadline - System.nanoTime();
      if (wait <= 0) {
        return;
      }
      PendingRecord r = queue.poll(wait, TimeUnit.NANOSECONDS);
      if (r == null) {
        return;
      }
      accept(r);
      drained.clear();
      queue.drainTo(drained);
      for (PendingRecord x : drained) {
        accept(x);
      }
      drained.clear();
      if (stopping || failure != null) {
        return;
      }
      collectInOrder();
    }
  }

  private void writeBatch() {
    boolean mustForce = settings.forceEveryBatch();
    try {
      buf.reset();
      for (PendingRecord r : batch) {
        mustForce |= r.isAwaited();
        int lineLength = r.body.length + SUFFIX_FIXED + digits(recordNo + 1)
            + (mac == null ? 0 : MAC_SUFFIX);
        long inFile = fileSize + buf.size();
        if (inFile > 0 && inFile + lineLength > settings.maxFileBytes()) {
          writeBuffer();
          forceWritten();
          rotate();
        }
        appendLine(r);
        if (buf.size() >= FLUSH_THRESHOLD) {
          writeBuffer();
        }
      }
      writeBuffer();
      long now = System.nanoTime();
      if (unforcedSince == 0) {
        unforcedSince = now;
      }
      if (mustForce || now - unforcedSince >= settings.deferredSyncNanos()) {
        forceWritten();
      }
    } catch (IOException | DigestException | RuntimeException e) {
      markFailed(new AuditException("cannot write the audit log "
          + SegmentFiles.segment(settings.base(), segmentIndex) + ": " + e, e));
      failHoldings();
      return;
    }
    for (PendingRecord r : batch) {
      release(r);
      r.complete(r.recordNo);
    }
    batch.clear();
  }

  /** Forces everything written so far; the head moves to the last written record. */
  private void forceWritten() throws IOException {
    channel.force(false);
    unforcedSince = 0;
    head = new ChainHead(recordNo, Hex.encode(lastHash));
  }

  private void forceDue() {
    try {
      forceWritten();
    } catch (IOException | RuntimeException e) {
      markFailed(new AuditException("cannot force the audit log "
          + SegmentFiles.segment(settings.base(), segmentIndex) + ": " + e, e));
    }
  }

  private void appendLine(PendingRecord r) throws DigestException {
    long no = ++recordNo;
    int start = buf.size();
    buf.raw(r.body);
    buf.raw(",\"recordNo\":").number(no).raw(",\"prev\":\"").hex(lastHash).raw('"');
    if (mac != null) {
      mac.update(buf.array(), start, buf.size() - start);
      mac.update((byte) '}');
      byte[] m = mac.doFinal();
      buf.raw(",\"mac\":\"").hex(m).raw('"');
    }
    buf.raw('}');
    sha.update(buf.array(), start, buf.size() - start);
    sha.digest(lastHash, 0, lastHash.length);
    buf.raw('\n');
    r.recordNo = no;
  }

  private void writeBuffer() throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.size());
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
    fileSize += buf.size();
    buf.reset();
  }

  private void rotate() throws IOException {
    channel.close();
    segmentIndex++;
    Path next = SegmentFiles.segment(settings.base(), segmentIndex);
    channel = settings.opener().open(next, EnumSet.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ));
    fileSize = 0;
    Directories.sync(next);
    LOG.info("audit log rotated to {} at record {}", next, recordNo + 1);
  }

  private void release(PendingRecord r) {
    int n = r.bodyLength();
    if (n > 0) {
      queuedBytes.release(n);
    }
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing audit log {} failed: {}", settings.base(), e.toString());
    }
  }

  private static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }
}
