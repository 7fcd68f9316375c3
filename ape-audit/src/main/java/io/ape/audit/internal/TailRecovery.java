package io.ape.audit.internal;

import io.ape.audit.ChainHead;
import io.ape.audit.RecoveryReport;
import io.ape.audit.TornTail;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an audit log for appending and finds where its chain continues.
 *
 * <p>The segment with the highest index is the active one. Anything after its last newline is
 * a torn line (an interrupted write that was never acknowledged): its bytes are copied to
 * {@code <segment>.torn-<offset>} and forced, then cut from the segment, and the cut is
 * reported. Then the last record is checked: it must be a canonical record, carry a valid MAC
 * exactly when a key is configured, and link (by {@code prev} and {@code recordNo}) to the
 * record before it, in the same segment or at the end of the previous one. A log that fails
 * any of these checks is damaged: the sink refuses to append to it rather than extend a chain
 * it cannot vouch for. Internal to ape-audit.
 */
public final class TailRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(TailRecovery.class);

  /** Where the chain continues. */
  public record Recovered(int segmentIndex, FileChannel channel, long size, long lastRecordNo,
      byte[] lastHash, RecoveryReport report) {}

  /** The existing log cannot be continued. */
  public static final class DamagedLogException extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedLogException(String message) {
      super(message);
    }
  }

  private record Tail(long lastNewline, List<byte[]> lines) {}

  private final Path base;
  private final FileChannelOpener opener;
  private final Mac mac;
  private final int maxRecordBytes;
  private final RecordParser parser = new RecordParser();
  private final MessageDigest sha = Sha256.newDigest();

  /** Creates the recovery for the log at {@code base}. */
  public TailRecovery(Path base, FileChannelOpener opener, RecordMac mac, int maxRecordBytes) {
    this.base = base;
    this.opener = opener;
    this.mac = mac == null ? null : mac.newMac();
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Opens the log (creating it if there is none) and positions it after the last record.
   *
   * @throws IOException if the files cannot be read or written
   * @throws DamagedLogException if the existing log cannot be continued
   */
  public Recovered recover() throws IOException, DamagedLogException {
    List<Integer> indices = SegmentFiles.existingIndices(base);
    if (indices.isEmpty()) {
      Path parent = base.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch = opener.open(base, EnumSet.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE));
      Directories.sync(base);
      return new Recovered(0, ch, 0, 0, new byte[32],
          new RecoveryReport(base, false, ChainHead.EMPTY, Optional.empty(), Optional.empty()));
    }
    int active = indices.get(indices.size() - 1);
    Path file = SegmentFiles.segment(base, active);
    FileChannel ch = opener.open(file, EnumSet.of(StandardOpenOption.READ,
        StandardOpenOption.WRITE));
    try {
      return recoverActive(active, file, ch);
    } catch (IOException | DamagedLogException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private Recovered recoverActive(int active, Path file, FileChannel ch)
      throws IOException, DamagedLogException {
    long size = ch.size();
    Tail tail = readTail(ch, size, 2, file);
    long tornStart = tail.lastNewline() + 1;
    Optional<TornTail> torn = Optional.empty();
    Optional<Path> savedTo = Optional.empty();
    if (tornStart < size) {
      long tornLength = size - tornStart;
      if (tornLength > maxRecordBytes) {
        throw new DamagedLogException(file + " ends with " + tornLength
            + " bytes without a line end, more than any record");
      }
      byte[] tornBytes = new byte[(int) tornLength];
      readFully(ch, tornBytes, tornStart);
      Path side = saveTorn(file, tornStart, tornBytes);
      ch.truncate(tornStart);
      ch.force(true);
      torn = Optional.of(new TornTail(file, -1, tornStart, tornLength));
      savedTo = Optional.of(side);
      size = tornStart;
      LOG.warn("audit log {} ended with a torn line ({} bytes at offset {}, an interrupted "
          + "write); the bytes were saved to {} and removed from the log", file, tornLength,
          tornStart, side);
    }
    ChainHead head;
    if (tail.lines().isEmpty()) {
      if (active == 0) {
        head = ChainHead.EMPTY;
      } else {
        head = lastOfPreviousSegment(active);
      }
    } else {
      List<byte[]> lines = tail.lines();
      byte[] last = lines.get(lines.size() - 1);
      ParsedRecord r = parseChecked(last, file, "last record");
      ChainHead before;
      if (lines.size() == 2) {
        ParsedRecord p = parse(lines.get(0), file, "second-to-last record");
        before = new ChainHead(p.recordNo(), hash(lines.get(0)));
      } else if (active == 0) {
        before = ChainHead.EMPTY;
      } else {
        before = lastOfPreviousSegment(active);
      }
      if (r.recordNo() != before.recordNo() + 1 || !r.prev().equals(before.hash())) {
        throw new DamagedLogException("the last record of " + file + " (record " + r.recordNo()
            + ") does not link to the record before it (record " + before.recordNo()
            + "): the log was altered");
      }
      head = new ChainHead(r.recordNo(), hash(last));
    }
    ch.position(size);
    LOG.info("audit log {} opened: continuing the chain after record {}", file,
        head.recordNo());
    return new Recovered(active, ch, size, head.recordNo(), Hex.decode(head.hash()),
        new RecoveryReport(file, true, head, torn, savedTo));
  }

  private ChainHead lastOfPreviousSegment(int active) throws IOException, DamagedLogException {
    Path prev = SegmentFiles.segment(base, active - 1);
    if (!Files.isRegularFile(prev)) {
      throw new DamagedLogException("segment " + prev + " is missing: the log was altered");
    }
    try (FileChannel pc = opener.open(prev, EnumSet.of(StandardOpenOption.READ))) {
      long size = pc.size();
      Tail t = readTail(pc, size, 1, prev);
      if (t.lastNewline() + 1 != size || t.lines().isEmpty()) {
        throw new DamagedLogException("segment " + prev
            + " does not end with a complete record: the log was altered");
      }
      byte[] line = t.lines().get(0);
      ParsedRecord r = parseChecked(line, prev, "last record");
      return new ChainHead(r.recordNo(), hash(line));
    }
  }

  private ParsedRecord parse(byte[] line, Path file, String what) throws DamagedLogException {
    try {
      return parser.parse(line, 0, line.length);
    } catch (MalformedRecordException e) {
      throw new DamagedLogException("the " + what + " of " + file + " is not a valid record: "
          + e.getMessage());
    }
  }

  private ParsedRecord parseChecked(byte[] line, Path file, String what)
      throws DamagedLogException {
    ParsedRecord r = parse(line, file, what);
    if (mac == null && r.hasMac()) {
      throw new DamagedLogException("the log " + file + " is protected by an HMAC but no key "
          + "is configured (ape.audit.jsonl.hmac-key-file); refusing to continue it without one");
    }
    if (mac != null && !r.hasMac()) {
      throw new DamagedLogException("the log " + file + " has no HMAC but a key is configured; "
          + "start a new log file to enable the HMAC");
    }
    if (mac != null && !RecordMac.check(mac, line, r)) {
      throw new DamagedLogException("the " + what + " of " + file + " has a wrong HMAC: the "
          + "log was written with another key or altered");
    }
    return r;
  }

  private String hash(byte[] line) {
    return Sha256.hex(sha, line, 0, line.length);
  }

  /**
   * Finds the last newline and up to {@code want} complete lines before it, reading backwards
   * in growing windows bounded by the record size limit.
   */
  private Tail readTail(FileChannel ch, long size, int want, Path file)
      throws IOException, DamagedLogException {
    long limit = (want + 1L) * (maxRecordBytes + 1L);
    long window = Math.min(size, 64 * 1024);
    while (true) {
      byte[] b = new byte[(int) window];
      long from = size - window;
      readFully(ch, b, from);
      List<Integer> newlines = new ArrayList<>(want + 1);
      for (int i = b.length - 1; i >= 0 && newlines.size() < want + 1; i--) {
        if (b[i] == '\n') {
          newlines.add(i);
        }
      }
      boolean atStart = from == 0;
      if (newlines.size() == want + 1 || atStart) {
        long lastNewline = newlines.isEmpty() ? -1 : from + newlines.get(0);
        List<byte[]> lines = new ArrayList<>();
        int count = Math.min(newlines.size(), want);
        for (int k = 0; k < count; k++) {
          int end = newlines.get(k);
          int start = k + 1 < newlines.size() ? newlines.get(k + 1) + 1 : 0;
          if (end - start > maxRecordBytes) {
            throw new DamagedLogException(file + " contains a line longer than "
                + maxRecordBytes + " bytes near its end");
          }
          lines.add(0, Arrays.copyOfRange(b, start, end));
        }
        return new Tail(lastNewline, lines);
      }
      if (window >= limit) {
        throw new DamagedLogException(file + " has no complete record within its last "
            + window + " bytes");
      }
      window = Math.min(size, Math.min(window * 2, limit));
    }
  }

  private Path saveTorn(Path file, long offset, byte[] bytes) throws IOException {
    String name = file.getFileName() + ".torn-" + offset;
    Path side = file.resolveSibling(name);
    for (int i = 1; Files.exists(side); i++) {
      side = file.resolveSibling(name + "-" + i);
    }
    try (FileChannel out = opener.open(side, EnumSet.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE))) {
      ByteBuffer bb = ByteBuffer.wrap(bytes);
      while (bb.hasRemaining()) {
        out.write(bb);
      }
      out.force(true);
    }
    Directories.sync(side);
    return side;
  }

  private static void readFully(FileChannel ch, byte[] into, long position) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(into);
    long pos = position;
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at offset " + pos);
      }
      pos += n;
    }
  }
}
