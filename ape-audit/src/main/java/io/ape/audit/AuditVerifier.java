package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import io.ape.audit.internal.KeyFile;
import io.ape.audit.internal.LineReader;
import io.ape.audit.internal.MalformedRecordException;
import io.ape.audit.internal.ParsedRecord;
import io.ape.audit.internal.RecordFormat;
import io.ape.audit.internal.RecordMac;
import io.ape.audit.internal.RecordParser;
import io.ape.audit.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * Checks a JSON-lines audit log (one or more segment files, oldest first) and names the first
 * bad record and why.
 *
 * <p>Every line must be a canonical record; record numbers must run 1, 2, 3, … without gap
 * across all files; every {@code prev} must be the SHA-256 of the line before (64 zeros for
 * record 1); with a key, every record must carry a valid HMAC. An unterminated last line of the
 * last file is a torn tail: reported, not a failure.
 *
 * <p>What each protection covers: the chain alone detects any edit, deletion, insertion or
 * reordering of records followed by at least one intact record, and any splice of files; it
 * cannot detect records cut off the end, or an edit of the last record, and anyone who can
 * write the file can recompute the whole chain. An HMAC key (kept away from the log's writers
 * and readers) also detects every edit and forgery of any record including the last; an
 * expected {@link ChainHead} kept elsewhere detects records cut off the end.
 *
 * <p>Immutable and thread-safe; each call reads the files afresh and streams them (memory is
 * bounded by the line limit).
 */
public final class AuditVerifier {
  private final RecordMac mac;
  private final int maxLineBytes;
  private final ChainHead expectedHead;
  private final String expectedHeadHash;
  private final boolean allowContinuation;

  private AuditVerifier(Builder b) {
    this.mac = b.key == null ? null : new RecordMac(b.key);
    this.maxLineBytes = b.maxLineBytes;
    this.expectedHead = b.expectedHead;
    this.expectedHeadHash = b.expectedHeadHash;
    this.allowContinuation = b.allowContinuation;
  }

  /** A verifier without a key, for logs written with the default record limit. */
  public static AuditVerifier withoutKey() {
    return builder().build();
  }

  /** Starts configuring a verifier. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the files, which must be the segments of one log in order (see
   * {@link JsonlAuditSink#files}).
   *
   * @throws ApeConfigurationException if {@code files} is empty
   */
  public VerificationResult verify(List<Path> files) {
    Objects.requireNonNull(files, "files");
    if (files.isEmpty()) {
      throw new ApeConfigurationException("no audit log files given to verify");
    }
    return new Run(files).run();
  }

  /** The state of one verification. */
  private final class Run {
    private final List<Path> files;
    private final RecordParser parser = new RecordParser();
    private final MessageDigest sha = Sha256.newDigest();
    private final Mac macInstance = mac == null ? null : mac.newMac();
    private final List<String> notes = new ArrayList<>();
    private long expectedRecord = 1;
    private String expectedPrev = RecordFormat.GENESIS;
    private boolean started;
    private long verified;
    private RecordLocation lastGood;
    private boolean macsUnchecked;
    private TornTail torn;

    Run(List<Path> files) {
      this.files = List.copyOf(files);
    }

    VerificationResult run() {
      for (int i = 0; i < files.size(); i++) {
        VerificationFinding f = verifyFile(i, files.get(i));
        if (f != null) {
          return result(f);
        }
      }
      if (expectedHead != null) {
        ChainHead h = head();
        if (!h.equals(expectedHead)) {
          RecordLocation at = lastGood != null ? lastGood
              : new RecordLocation(files.get(files.size() - 1), 0, 0, -1, -1);
          return result(new VerificationFinding(VerificationProblem.HEAD_MISMATCH, at,
              "expected the log to end at record " + expectedHead.recordNo() + " with hash "
                  + expectedHead.hash() + ", but it ends at record " + h.recordNo()
                  + " with hash " + h.hash()));
        }
      }
      if (expectedHeadHash != null && !head().hash().equals(expectedHeadHash)) {
        ChainHead h = head();
        RecordLocation at = lastGood != null ? lastGood
            : new RecordLocation(files.get(files.size() - 1), 0, 0, -1, -1);
        return result(new VerificationFinding(VerificationProblem.HEAD_MISMATCH, at,
            "expected the log to end with the record whose hash is " + expectedHeadHash
                + ", but it ends at record " + h.recordNo() + " with hash " + h.hash()
                + " (records were cut off the end, added, or it is another log)"));
      }
      return result(null);
    }

    private ChainHead head() {
      return new ChainHead(expectedRecord - 1, expectedPrev);
    }

    private VerificationResult result(VerificationFinding f) {
      if (mac == null) {
        if (macsUnchecked) {
          notes.add("records carry an HMAC that was not checked (no key given)");
        } else {
          notes.add("no HMAC key: the chain shows that records were not edited, removed or "
              + "reordered between intact records, but not who wrote them");
        }
      }
      if (expectedHead == null) {
        notes.add("no expected head given: records cut off the end of the log cannot be "
            + "detected");
      }
      VerificationResult.Status status = f != null ? VerificationResult.Status.TAMPERED
          : torn != null ? VerificationResult.Status.INTACT_WITH_TORN_TAIL
          : VerificationResult.Status.INTACT;
      return new VerificationResult(status, files, verified, head(), mac != null,
          Optional.ofNullable(f), Optional.ofNullable(torn), notes);
    }

    private VerificationFinding verifyFile(int index, Path file) {
      boolean lastFile = index == files.size() - 1;
      if (!Files.isRegularFile(file)) {
        return new VerificationFinding(VerificationProblem.MISSING_FILE,
            new RecordLocation(file, 0, 0, -1, -1), "the file does not exist");
      }
      try (LineReader reader = new LineReader(file, maxLineBytes)) {
        LineReader.Line previous = null;
        ParsedRecord previousRecord = null;
        LineReader.Line current = reader.next();
        while (current != null) {
          LineReader.Line next;
          IOException nextError = null;
          try {
            next = reader.next();
          } catch (IOException e) {
            next = null;
            nextError = e;
          }
          if (!current.terminated()) {
            if (lastFile) {
              torn = new TornTail(file, current.number(), current.offset(),
                  current.bytes().length);
              return null;
            }
            return new VerificationFinding(VerificationProblem.TRUNCATED_LINE,
                at(file, current, null), "the last line of this file has no line end, but "
                    + "another file follows it");
          }
          ParsedRecord r;
          try {
            r = parser.parse(current.bytes(), 0, current.bytes().length);
          } catch (MalformedRecordException e) {
            return new VerificationFinding(VerificationProblem.MALFORMED_RECORD,
                at(file, current, null), e.getMessage());
          }
          VerificationFinding f = checkRecord(index, file, current, r, previous,
              previousRecord, next);
          if (f != null) {
            return f;
          }
          verified++;
          lastGood = at(file, current, r);
          previous = current;
          previousRecord = r;
          if (nextError != null) {
            throw nextError;
          }
          current = next;
        }
        return null;
      } catch (LineReader.LineTooLongException e) {
        return new VerificationFinding(VerificationProblem.LINE_TOO_LONG,
            new RecordLocation(file, e.lineNumber(), e.offset(), -1, -1), e.getMessage()
                + " (the limit can be raised with the verifier's maxLineBytes)");
      } catch (IOException e) {
        return new VerificationFinding(VerificationProblem.UNREADABLE_FILE,
            new RecordLocation(file, 0, 0, -1, -1), e.toString());
      }
    }

    private VerificationFinding checkRecord(int fileIndex, Path file, LineReader.Line line,
        ParsedRecord r, LineReader.Line previous, ParsedRecord previousRecord,
        LineReader.Line next) {
      RecordLocation here = at(file, line, r);
      if (macInstance != null) {
        if (!r.hasMac()) {
          return new VerificationFinding(VerificationProblem.MISSING_MAC, here,
              "the record has no mac field");
        }
        if (!RecordMac.check(macInstance, line.bytes(), r)) {
          return new VerificationFinding(VerificationProblem.BAD_MAC, here,
              "the mac does not match the record's content");
        }
      } else if (r.hasMac()) {
        macsUnchecked = true;
      }
      String hash = Sha256.hex(sha, line.bytes(), 0, line.bytes().length);
      boolean firstOverall = !started;
      started = true;
      boolean linked = r.recordNo() == expectedRecord && r.prev().equals(expectedPrev);
      if (!linked && !(firstOverall && allowContinuation)) {
        VerificationFinding f = classify(fileIndex, file, line, r, here, previous,
            previousRecord, next, firstOverall);
        if (f != null) {
          return f;
        }
      }
      expectedRecord = r.recordNo() + 1;
      expectedPrev = hash;
      return null;
    }

    private VerificationFinding classify(int fileIndex, Path file, LineReader.Line line,
        ParsedRecord r, RecordLocation here, LineReader.Line previous,
        ParsedRecord previousRecord, LineReader.Line next, boolean firstOverall) {
      String found = "found record " + r.recordNo() + " with prev " + abbreviate(r.prev());
      String expected = "expected record " + expectedRecord + " with prev "
          + abbreviate(expectedPrev);
      if (firstOverall) {
        return new VerificationFinding(VerificationProblem.BAD_CHAIN_START, here,
            expected + " (the start of a chain), " + found);
      }
      if (previous == null) {
        return new VerificationFinding(VerificationProblem.BROKEN_FILE_CHAIN, here,
            "this is the first record of " + file + " and should continue "
                + files.get(fileIndex - 1) + "; " + expected + ", " + found);
      }
      ParsedRecord nextRecord = parseQuietly(next);
      if (r.recordNo() > expectedRecord) {
        if (nextRecord != null && nextRecord.recordNo() == expectedRecord) {
          return new VerificationFinding(VerificationProblem.RECORDS_REORDERED, here,
              "record " + r.recordNo() + " comes before record " + expectedRecord
                  + " (line " + next.number() + ")");
        }
        long missing = r.recordNo() - expectedRecord;
        return new VerificationFinding(VerificationProblem.RECORDS_MISSING, here,
            expected + ", " + found + ": " + missing + " record(s) missing before this line");
      }
      if (r.recordNo() < expectedRecord) {
        return new VerificationFinding(VerificationProblem.RECORDS_REORDERED, here,
            expected + ", " + found + ": the record number goes back or repeats");
      }
      // Right number, wrong prev: decide with the next record which side was changed.
      if (nextRecord != null) {
        String hashHere = Sha256.hex(sha, line.bytes(), 0, line.bytes().length);
        if (nextRecord.prev().equals(hashHere)) {
          RecordLocation before = at(file, previous, previousRecord);
          return new VerificationFinding(VerificationProblem.RECORD_EDITED, before,
              "its SHA-256 " + abbreviate(expectedPrev) + " no longer matches the prev "
                  + abbreviate(r.prev()) + " of the next record (line " + line.number()
                  + "), while the records after it chain correctly");
        }
        if (nextRecord.prev().equals(expectedPrev)) {
          return new VerificationFinding(VerificationProblem.RECORD_INSERTED, here,
              "the record after it (line " + next.number() + ") chains to the record before"
                  + " it (line " + previous.number() + ")");
        }
      }
      return new VerificationFinding(VerificationProblem.CHAIN_BROKEN, here,
          expected + ", " + found);
    }

    private ParsedRecord parseQuietly(LineReader.Line line) {
      if (line == null || !line.terminated()) {
        return null;
      }
      try {
        return new RecordParser().parse(line.bytes(), 0, line.bytes().length);
      } catch (MalformedRecordException e) {
        return null;
      }
    }
  }

  private static RecordLocation at(Path file, LineReader.Line line, ParsedRecord r) {
    return new RecordLocation(file, line.number(), line.offset(),
        r == null ? -1 : r.recordNo(), r == null ? -1 : r.event().sequence());
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  /** Configures an {@link AuditVerifier}. Not thread-safe. */
  public static final class Builder {
    private byte[] key;
    private int maxLineBytes = JsonlAuditSink.DEFAULT_MAX_RECORD_BYTES;
    private ChainHead expectedHead;
    private String expectedHeadHash;
    private boolean allowContinuation;

    private Builder() {}

    /** Checks every record's HMAC with this key (copied; at least 32 bytes). */
    public Builder hmacKey(byte[] hmacKey) {
      if (hmacKey == null || hmacKey.length < RecordMac.MIN_KEY_BYTES) {
        throw new ApeConfigurationException("the audit HMAC key must have at least "
            + RecordMac.MIN_KEY_BYTES + " bytes");
      }
      this.key = Arrays.copyOf(hmacKey, hmacKey.length);
      return this;
    }

    /** Reads the HMAC key from a file (its bytes, unchanged, as for the sink). */
    public Builder hmacKeyFile(Path file) {
      return hmacKey(KeyFile.read(file, "ape.audit.jsonl.hmac-key-file"));
    }

    /** The longest line accepted (the sink's max-record-bytes); default 1 MiB. */
    public Builder maxLineBytes(int bytes) {
      if (bytes < 1024 || bytes > (64 << 20)) {
        throw new ApeConfigurationException("maxLineBytes must be between 1024 and "
            + (64 << 20) + ", but was " + bytes);
      }
      this.maxLineBytes = bytes;
      return this;
    }

    /** Requires the log to end exactly at this head (detects records cut off the end). */
    public Builder expectHead(ChainHead head) {
      this.expectedHead = Objects.requireNonNull(head, "head");
      return this;
    }

    /**
     * Requires the log to end with the record whose line has this SHA-256 (hex, as
     * {@link VerificationResult#head()} and {@code ape audit verify} print it): the hash of the
     * last line identifies it, record number included. Detects records cut off the end, and a
     * log that was replaced by another.
     *
     * @throws ApeConfigurationException if {@code hash} is not 64 hex digits
     * @since 0.2.0
     */
    public Builder expectHeadHash(String hash) {
      Objects.requireNonNull(hash, "hash");
      String h = hash.trim().toLowerCase(java.util.Locale.ROOT);
      if (!h.matches("[0-9a-f]{64}")) {
        throw new ApeConfigurationException("the expected head must be the 64 hex digits of a"
            + " SHA-256, as 'ape audit verify' prints it, but is '" + hash + "'");
      }
      this.expectedHeadHash = h;
      return this;
    }

    /**
     * Accepts a first record that continues an earlier chain (when older segments were
     * archived away); by default the first record must be record 1 with the genesis prev.
     */
    public Builder allowContinuation(boolean allow) {
      this.allowContinuation = allow;
      return this;
    }

    /** Builds the verifier. */
    public AuditVerifier build() {
      return new AuditVerifier(this);
    }
  }
}
