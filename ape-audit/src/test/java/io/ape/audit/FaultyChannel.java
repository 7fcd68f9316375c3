package io.ape.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real file channel with injectable faults: a byte budget after which writes fail as on a
 * full disk, failing forces, a gate that holds {@code force} until the test opens it, and
 * counters.
 */
final class FaultyChannel extends FileChannel {
  /** Shared fault settings for every channel an opener creates. */
  static final class Faults {
    final AtomicLong writeBudget = new AtomicLong(Long.MAX_VALUE);
    volatile boolean failForce;
    volatile CountDownLatch forceGate;
    final CountDownLatch forceEntered = new CountDownLatch(1);
    final AtomicInteger forcesStarted = new AtomicInteger();
    final AtomicInteger forcesCompleted = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    /** The file size when the last completed force began: every byte below it is durable. */
    final AtomicLong forcedBytes = new AtomicLong();
  }

  private final FileChannel delegate;
  private final Faults faults;

  FaultyChannel(FileChannel delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    faults.writes.incrementAndGet();
    int want = src.remaining();
    long budget = faults.writeBudget.get();
    if (budget <= 0) {
      throw new IOException("No space left on device");
    }
    if (want > budget) {
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + (int) budget);
      int n = delegate.write(part);
      src.position(src.position() + n);
      faults.writeBudget.addAndGet(-n);
      return n;
    }
    int n = delegate.write(src);
    faults.writeBudget.addAndGet(-n);
    return n;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    faults.forcesStarted.incrementAndGet();
    faults.forceEntered.countDown();
    CountDownLatch gate = faults.forceGate;
    if (gate != null) {
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IOException("test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (faults.failForce) {
      throw new IOException("Input/output error (fsync)");
    }
    long size = delegate.size();
    delegate.force(metaData);
    faults.forcedBytes.set(size);
    faults.forcesCompleted.incrementAndGet();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new IOException("gather writes are not used by the sink");
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target)
      throws IOException {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count)
      throws IOException {
    return delegate.transferFrom(src, position, count);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new IOException("positional writes are not used by the sink");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
