package io.ape.audit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Splits a file into {@code \n}-terminated lines without ever holding more than one line
 * (bounded by {@code maxLineBytes}) plus a read buffer in memory. The final line may be
 * unterminated (a torn write). Internal to ape-audit.
 */
public final class LineReader implements Closeable {
  /** One line, without its terminating newline. */
  public record Line(byte[] bytes, long number, long offset, boolean terminated) {}

  /** A line longer than the limit. */
  public static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long lineNumber;
    private final long offset;

    LineTooLongException(long lineNumber, long offset, int limit) {
      super("line " + lineNumber + " is longer than " + limit + " bytes");
      this.lineNumber = lineNumber;
      this.offset = offset;
    }

    /** The 1-based number of the offending line. */
    public long lineNumber() {
      return lineNumber;
    }

    /** The byte offset at which the offending line starts. */
    public long offset() {
      return offset;
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;
  private int scanned;
  private boolean eof;
  private long lineNumber;
  private long offset;

  /** Reads lines from {@code file}. */
  public LineReader(Path file, int maxLineBytes) throws IOException {
    this(Files.newInputStream(file), maxLineBytes);
  }

  /** Reads lines from a stream (closed by {@link #close()}). */
  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line, or {@code null} at the end of the input.
   *
   * @throws LineTooLongException if a line exceeds the limit
   */
  public Line next() throws IOException {
    while (true) {
      for (int i = scanned; i < end; i++) {
        if (buf[i] == '\n') {
          return take(i, true);
        }
      }
      scanned = end;
      if (end - start > maxLineBytes) {
        throw new LineTooLongException(lineNumber + 1, offset, maxLineBytes);
      }
      if (eof) {
        return start < end ? take(end, false) : null;
      }
      fill();
    }
  }

  private Line take(int stop, boolean terminated) throws LineTooLongException {
    int len = stop - start;
    if (len > maxLineBytes) {
      throw new LineTooLongException(lineNumber + 1, offset, maxLineBytes);
    }
    byte[] line = Arrays.copyOfRange(buf, start, stop);
    lineNumber++;
    Line l = new Line(line, lineNumber, offset, terminated);
    offset += len + (terminated ? 1 : 0);
    start = terminated ? stop + 1 : stop;
    scanned = start;
    return l;
  }

  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      scanned -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLineBytes + 2));
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
    } else {
      end += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
