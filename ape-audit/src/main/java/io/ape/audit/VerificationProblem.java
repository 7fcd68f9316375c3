package io.ape.audit;

/**
 * Why a log failed verification. Each constant names what was observed; its
 * {@link #meaning()} says what usually causes it.
 */
public enum VerificationProblem {
  /** No files were given, or a file does not exist. */
  MISSING_FILE("a log file is missing or no file was given"),
  /** A file could not be read. */
  UNREADABLE_FILE("a log file could not be read"),
  /** A line is longer than the record size limit. */
  LINE_TOO_LONG("a line is longer than any record the sink writes"),
  /** A line is not a canonical audit record. */
  MALFORMED_RECORD("a line is not a valid record: it was edited or is not part of the log"),
  /** A record's hash does not match the {@code prev} of the record after it. */
  RECORD_EDITED("a record was changed after it was written"),
  /** A record was put between two records that are chained to each other. */
  RECORD_INSERTED("a record was inserted into the log"),
  /** A record's {@code prev} does not match the record before it. */
  CHAIN_BROKEN("the hash chain is broken: the record before was edited, or this record was"
      + " forged or appended"),
  /** Record numbers jump forward. */
  RECORDS_MISSING("records are missing: lines were deleted"),
  /** Record numbers go back or repeat. */
  RECORDS_REORDERED("records are out of order: lines were swapped, duplicated or replayed"),
  /** A record has a MAC that does not verify with the given key. */
  BAD_MAC("a record's HMAC is wrong: it was forged or altered (or the key is wrong)"),
  /** A key was given but a record has no MAC. */
  MISSING_MAC("a record has no HMAC although the log is verified with a key"),
  /** The first record of a file does not continue the last record of the previous file. */
  BROKEN_FILE_CHAIN("a file does not continue the previous one: files were spliced, reordered"
      + " or removed"),
  /** The first record does not start a chain. */
  BAD_CHAIN_START("the log does not start at the beginning of a chain: its first records or"
      + " files were removed"),
  /** An unterminated line that is not at the very end of the log. */
  TRUNCATED_LINE("a line is cut off in the middle of the log"),
  /** The log does not end at the expected head. */
  HEAD_MISMATCH("the log does not end where expected: records were cut off the end or the last"
      + " record was changed");

  private final String meaning;

  VerificationProblem(String meaning) {
    this.meaning = meaning;
  }

  /** What this problem usually means. */
  public String meaning() {
    return meaning;
  }
}
