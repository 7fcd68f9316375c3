package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditException;
import io.ape.audit.internal.LineReader;
import io.ape.audit.internal.MalformedRecordException;
import io.ape.audit.internal.ParsedRecord;
import io.ape.audit.internal.RecordParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the records of a JSON-lines audit log back, with an optional filter. Reading does not
 * verify the chain (use {@link AuditVerifier}); it does insist that every line is a canonical
 * record, so a damaged log is an error, never silently skipped. A torn last line of the last
 * file is skipped and reported.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditReader {
  private final int maxLineBytes;

  private AuditReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** A reader for logs written with the default record limit. */
  public static AuditReader withDefaults() {
    return new AuditReader(JsonlAuditSink.DEFAULT_MAX_RECORD_BYTES);
  }

  /** A reader that accepts lines up to {@code maxLineBytes} (the sink's max-record-bytes). */
  public static AuditReader withMaxLineBytes(int maxLineBytes) {
    if (maxLineBytes < 1024 || maxLineBytes > (64 << 20)) {
      throw new ApeConfigurationException("maxLineBytes must be between 1024 and "
          + (64 << 20) + ", but was " + maxLineBytes);
    }
    return new AuditReader(maxLineBytes);
  }

  /**
   * Reads the matching records of the files (oldest first) into memory.
   *
   * @throws AuditException if a file is missing or unreadable or a line is not a record
   */
  public AuditReadResult read(List<Path> files, AuditQuery query) {
    List<AuditRecord> out = new ArrayList<>();
    Summary s = forEach(files, query, out::add);
    return new AuditReadResult(out, s.scanned(), s.tornTail());
  }

  /** How many records were scanned, and the torn last line if any. */
  public record Summary(long scanned, long matched, Optional<TornTail> tornTail) {}

  /**
   * Streams the matching records of the files (oldest first) to {@code action}.
   *
   * @throws AuditException if a file is missing or unreadable or a line is not a record
   */
  public Summary forEach(List<Path> files, AuditQuery query, Consumer<AuditRecord> action) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(action, "action");
    RecordParser parser = new RecordParser();
    long scanned = 0;
    long matched = 0;
    TornTail torn = null;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (!Files.isRegularFile(file)) {
        throw new AuditException("audit log file " + file + " does not exist");
      }
      try (LineReader reader = new LineReader(file, maxLineBytes)) {
        for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
          if (!line.terminated()) {
            if (i == files.size() - 1) {
              torn = new TornTail(file, line.number(), line.offset(), line.bytes().length);
              break;
            }
            throw new AuditException(file + ":" + line.number()
                + " is cut off in the middle of the log; run 'ape audit verify'");
          }
          ParsedRecord r;
          try {
            r = parser.parse(line.bytes(), 0, line.bytes().length);
          } catch (MalformedRecordException e) {
            throw new AuditException(file + ":" + line.number()
                + " is not a valid audit record (" + e.getMessage()
                + "); run 'ape audit verify'");
          }
          scanned++;
          if (query.matches(r.event())) {
            matched++;
            action.accept(new AuditRecord(file, line.number(), r.recordNo(), r.event(),
                r.prev(), r.mac()));
          }
        }
      } catch (IOException e) {
        throw new AuditException("cannot read audit log file " + file + ": " + e.getMessage(),
            e);
      }
    }
    return new Summary(scanned, matched, Optional.ofNullable(torn));
  }
}
