package io.ape.audit.jdbc;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditException;
import io.ape.audit.ChainHead;
import io.ape.audit.VerificationProblem;
import io.ape.audit.internal.KeyFile;
import io.ape.audit.internal.MalformedRecordException;
import io.ape.audit.internal.ParsedRecord;
import io.ape.audit.internal.RecordFormat;
import io.ape.audit.internal.RecordMac;
import io.ape.audit.internal.RecordParser;
import io.ape.audit.internal.Sha256;
import io.ape.audit.jdbc.internal.Connections;
import io.ape.audit.jdbc.internal.EventColumns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * Checks every writer's chain in the audit table (or one writer's), with the rules of the
 * JSON-lines verifier: each record canonical, record numbers 1, 2, 3, … without gap, each
 * {@code prev} the SHA-256 of the record before (64 zeros for record 1), with a key every HMAC
 * valid; and, for the table, each row's columns equal to what its record says.
 *
 * <p>What it detects: an edited record or column, a deleted row, renumbered (reordered) rows, an
 * inserted row, a removed start of a chain; with an HMAC key also an edited or forged last row
 * and rows appended by someone without the key. What it cannot detect alone: rows cut off the
 * end of a chain (the newest records deleted), because the remaining chain is intact. Pinning
 * the head ({@link Builder#expectHead}: a {@link ChainHead} the sink reported, kept outside the
 * database) detects that too; so does comparing the last record number with an external copy.
 * Whoever can write the table can also recompute a whole chain without a key: with an HMAC key
 * kept from the database's writers, they cannot.
 *
 * <p>Reads in one REPEATABLE READ snapshot, streaming (memory does not grow with the table).
 *
 * @since 0.2.0
 */
public final class JdbcAuditVerifier {
  private static final String COLUMNS = "record_no, sequence, event_time, event_type, tenant_id,"
      + " session_id, action_id, tool_id, decision, rule_id, record";

  private final String url;
  private final String user;
  private final char[] password;
  private final RecordMac mac;
  private final String writer;
  private final Map<String, ChainHead> expectedHeads;
  private final Duration connectTimeout;

  private JdbcAuditVerifier(Builder b) {
    this.url = b.url;
    this.user = b.user;
    this.password = b.password;
    this.mac = b.key == null ? null : new RecordMac(b.key);
    this.writer = b.writer;
    this.expectedHeads = Map.copyOf(b.expectedHeads);
    this.connectTimeout = b.connectTimeout;
  }

  /** Starts configuring a verifier for a {@code jdbc:postgresql:} URL. */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /**
   * Verifies every chain (or the one writer's).
   *
   * @throws AuditException if the database cannot be read (unreachable, no audit table)
   */
  public JdbcVerificationResult verify() {
    String database = Connections.describe(url);
    try (Connection c = Connections.open(url, user, password, connectTimeout, "ape audit verify")) {
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      List<String> writers = writer != null ? List.of(writer) : writers(c);
      List<ChainVerification> chains = new ArrayList<>();
      for (String w : writers) {
        chains.add(new Chain(w, expectedHeads.get(w)).verify(c));
      }
      for (String w : expectedHeads.keySet()) {
        if (!writers.contains(w)) {
          chains.add(new Chain(w, expectedHeads.get(w)).verify(c));
        }
      }
      c.commit();
      List<String> notes = new ArrayList<>();
      if (mac == null) {
        notes.add("no HMAC key: the chains show that rows were not edited, removed or "
            + "renumbered between intact rows, but not who wrote them");
      }
      if (expectedHeads.isEmpty()) {
        notes.add("no expected head given: rows cut off the end of a chain cannot be detected");
      }
      if (writers.isEmpty()) {
        notes.add("the audit table has no records");
      }
      return new JdbcVerificationResult(database, chains, notes);
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit table " + AuditSchema.TABLE + " in "
          + database + ": " + e.getMessage(), e);
    }
  }

  private static List<String> writers(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT writer_id FROM "
        + AuditSchema.TABLE + " ORDER BY writer_id"); ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** One row as read. */
  private record Row(long recordNo, EventColumns columns, byte[] record) {}

  /** The walk along one writer's chain. */
  private final class Chain {
    private final String writerId;
    private final ChainHead expectedHead;
    private final RecordParser parser = new RecordParser();
    private final MessageDigest sha = Sha256.newDigest();
    private final Mac macInstance = mac == null ? null : mac.newMac();
    private long expectedNo = 1;
    private String expectedPrev = RecordFormat.GENESIS;
    private long verified;
    private ChainHead head = ChainHead.EMPTY;

    Chain(String writerId, ChainHead expectedHead) {
      this.writerId = writerId;
      this.expectedHead = expectedHead;
    }

    ChainVerification verify(Connection c) throws SQLException {
      ChainFinding finding = null;
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM "
          + AuditSchema.TABLE + " WHERE writer_id = ? ORDER BY record_no")) {
        s.setFetchSize(1000);
        s.setString(1, writerId);
        try (ResultSet r = s.executeQuery()) {
          Row current = next(r);
          if (current == null && expectedHead == null) {
            finding = new ChainFinding(VerificationProblem.BAD_CHAIN_START, -1, -1,
                "there are no records of writer '" + writerId + "'");
          }
          Row previous = null;
          while (current != null && finding == null) {
            Row following = next(r);
            finding = check(previous, current, following);
            previous = current;
            current = following;
          }
        }
      }
      if (finding == null && expectedHead != null && !expectedHead.equals(head)) {
        finding = new ChainFinding(VerificationProblem.HEAD_MISMATCH, head.recordNo(), -1,
            "expected the chain to end at record " + expectedHead.recordNo() + " with hash "
                + expectedHead.hash() + ", but it ends at record " + head.recordNo()
                + " with hash " + head.hash());
      }
      return new ChainVerification(writerId, verified, head, mac != null,
          Optional.ofNullable(finding));
    }

    private Row next(ResultSet r) throws SQLException {
      if (!r.next()) {
        return null;
      }
      OffsetDateTime time = r.getObject(3, OffsetDateTime.class);
      return new Row(r.getLong(1), new EventColumns(r.getLong(2), time.toInstant(),
          r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
          r.getString(9), r.getString(10)), r.getBytes(11));
    }

    private ChainFinding check(Row previous, Row row, Row following) {
      ParsedRecord p;
      try {
        p = parser.parse(row.record(), 0, row.record().length);
      } catch (MalformedRecordException e) {
        return new ChainFinding(VerificationProblem.MALFORMED_RECORD, row.recordNo(), -1,
            e.getMessage());
      }
      long seq = p.event().sequence();
      if (macInstance != null) {
        if (!p.hasMac()) {
          return new ChainFinding(VerificationProblem.MISSING_MAC, row.recordNo(), seq,
              "the record has no mac field");
        }
        if (!RecordMac.check(macInstance, row.record(), p)) {
          return new ChainFinding(VerificationProblem.BAD_MAC, row.recordNo(), seq,
              "the mac does not match the record's content");
        }
      }
      if (p.recordNo() != row.recordNo()) {
        return new ChainFinding(VerificationProblem.RECORDS_REORDERED, row.recordNo(), seq,
            "the row's record_no is " + row.recordNo() + ", but its record is record "
                + p.recordNo() + ": rows were renumbered");
      }
      EventColumns expected = EventColumns.of(p.event());
      if (!expected.equals(row.columns())) {
        return new ChainFinding(VerificationProblem.RECORD_EDITED, row.recordNo(), seq,
            "the row's columns " + differences(expected, row.columns())
                + " disagree with its record");
      }
      String hash = hash(row.record());
      boolean linked = p.recordNo() == expectedNo && p.prev().equals(expectedPrev);
      if (!linked) {
        return classify(previous, row, p, following, hash);
      }
      verified++;
      expectedNo = p.recordNo() + 1;
      expectedPrev = hash;
      head = new ChainHead(p.recordNo(), hash);
      return null;
    }

    private ChainFinding classify(Row previous, Row row, ParsedRecord p, Row following,
        String hash) {
      long seq = p.event().sequence();
      String found = "found record " + p.recordNo() + " with prev " + abbreviate(p.prev());
      String expected = "expected record " + expectedNo + " with prev "
          + abbreviate(expectedPrev);
      if (previous == null) {
        return new ChainFinding(VerificationProblem.BAD_CHAIN_START, row.recordNo(), seq,
            expected + " (the start of the chain), " + found);
      }
      if (p.recordNo() > expectedNo) {
        return new ChainFinding(VerificationProblem.RECORDS_MISSING, row.recordNo(), seq,
            expected + ", " + found + ": " + (p.recordNo() - expectedNo)
                + " record(s) missing before it");
      }
      if (p.recordNo() < expectedNo) {
        return new ChainFinding(VerificationProblem.RECORDS_REORDERED, row.recordNo(), seq,
            expected + ", " + found + ": the record number goes back or repeats");
      }
      ParsedRecord next = parseQuietly(following);
      if (next != null && next.prev().equals(hash)) {
        return new ChainFinding(VerificationProblem.RECORD_EDITED, previous.recordNo(), -1,
            "its SHA-256 " + abbreviate(expectedPrev) + " no longer matches the prev "
                + abbreviate(p.prev()) + " of the next record, while the records after it "
                + "chain correctly");
      }
      if (next != null && next.prev().equals(expectedPrev)) {
        return new ChainFinding(VerificationProblem.RECORD_INSERTED, row.recordNo(), seq,
            "the record after it chains to the record before it");
      }
      return new ChainFinding(VerificationProblem.CHAIN_BROKEN, row.recordNo(), seq,
          expected + ", " + found);
    }

    private ParsedRecord parseQuietly(Row row) {
      if (row == null) {
        return null;
      }
      try {
        return new RecordParser().parse(row.record(), 0, row.record().length);
      } catch (MalformedRecordException e) {
        return null;
      }
    }

    private String hash(byte[] line) {
      return Sha256.hex(sha, line, 0, line.length);
    }
  }

  private static String differences(EventColumns want, EventColumns got) {
    List<String> out = new ArrayList<>();
    compare(out, "sequence", want.sequence(), got.sequence());
    compare(out, "event_time", want.time(), got.time());
    compare(out, "event_type", want.type(), got.type());
    compare(out, "tenant_id", want.tenant(), got.tenant());
    compare(out, "session_id", want.session(), got.session());
    compare(out, "action_id", want.action(), got.action());
    compare(out, "tool_id", want.tool(), got.tool());
    compare(out, "decision", want.decision(), got.decision());
    compare(out, "rule_id", want.rule(), got.rule());
    return String.join(", ", out);
  }

  private static void compare(List<String> out, String name, Object want, Object got) {
    if (!Objects.equals(want, got)) {
      out.add(name + " (" + got + " where the record says " + want + ")");
    }
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  /** Configures a {@link JdbcAuditVerifier}. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private String user;
    private char[] password;
    private byte[] key;
    private String writer;
    private final Map<String, ChainHead> expectedHeads = new HashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder(String url) {
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new ApeConfigurationException("a jdbc:postgresql: URL is needed to verify the "
            + "audit table, but got '" + (url == null ? "" : Connections.describe(url)) + "'");
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
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\r?\n$", "");
        this.password = text.toCharArray();
        return this;
      } catch (IOException e) {
        throw new ApeConfigurationException("the password file '" + file
            + "' cannot be read: " + e.getMessage(), e);
      }
    }

    /** Checks every record's HMAC with this key (at least 32 bytes). */
    public Builder hmacKey(byte[] hmacKey) {
      if (hmacKey == null || hmacKey.length < RecordMac.MIN_KEY_BYTES) {
        throw new ApeConfigurationException("the audit HMAC key must have at least "
            + RecordMac.MIN_KEY_BYTES + " bytes");
      }
      this.key = hmacKey.clone();
      return this;
    }

    /** Reads the HMAC key from a file (its bytes, unchanged). */
    public Builder hmacKeyFile(Path file) {
      return hmacKey(KeyFile.read(file, "--hmac-key-file"));
    }

    /** Verifies only this writer's chain (by default every writer's). */
    public Builder writer(String writerId) {
      this.writer = Objects.requireNonNull(writerId, "writerId");
      return this;
    }

    /** Requires {@code writerId}'s chain to end exactly at {@code head} (detects truncation). */
    public Builder expectHead(String writerId, ChainHead head) {
      expectedHeads.put(Objects.requireNonNull(writerId, "writerId"),
          Objects.requireNonNull(head, "head"));
      return this;
    }

    /** The longest a connection attempt takes (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Builds the verifier. */
    public JdbcAuditVerifier build() {
      return new JdbcAuditVerifier(this);
    }
  }

}
