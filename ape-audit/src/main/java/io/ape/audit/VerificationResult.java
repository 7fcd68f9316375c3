package io.ape.audit;

import io.ape.audit.internal.ResultJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link AuditVerifier#verify}: whether the log is intact, the first bad record
 * and why, and a torn last line if there is one (reported, but not a failure: it is what a
 * crash during a write leaves behind).
 *
 * @param status the verdict
 * @param files the files verified, in order
 * @param records the number of records that verified before the first problem (all of them if
 *     there is none)
 * @param head the last record that verified
 * @param macVerified whether every record's HMAC was checked against a key
 * @param finding the first bad record, if any
 * @param tornTail the torn last line, if any
 * @param notes remarks that are not failures (e.g. MACs present but not checked)
 */
public record VerificationResult(Status status, List<Path> files, long records, ChainHead head,
    boolean macVerified, Optional<VerificationFinding> finding, Optional<TornTail> tornTail,
    List<String> notes) {

  /** The verdict. */
  public enum Status {
    /** Every record verified and the log ends with a complete line. */
    INTACT,
    /** Every complete record verified; the last line is torn (an interrupted write). */
    INTACT_WITH_TORN_TAIL,
    /** The log was altered (or damaged): see the finding. */
    TAMPERED
  }

  public VerificationResult {
    Objects.requireNonNull(status, "status");
    files = List.copyOf(files);
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(tornTail, "tornTail");
    notes = List.copyOf(notes);
    if ((status == Status.TAMPERED) != finding.isPresent()) {
      throw new IllegalArgumentException("a TAMPERED result needs a finding, and only it");
    }
  }

  /** Whether the log passed: intact, possibly with a torn last line. */
  public boolean passed() {
    return status != Status.TAMPERED;
  }

  /** A human-readable report (several lines). */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    switch (status) {
      case INTACT:
        sb.append("INTACT: ");
        break;
      case INTACT_WITH_TORN_TAIL:
        sb.append("INTACT (torn last line): ");
        break;
      default:
        sb.append("TAMPERED: ");
        break;
    }
    sb.append(records).append(" record(s) verified in ").append(files.size())
        .append(" file(s)");
    sb.append(macVerified ? ", HMAC checked" : ", no HMAC checked");
    sb.append("; last good record ").append(head.recordNo()).append(" (head ")
        .append(head.hash()).append(')').append('\n');
    finding.ifPresent(f -> sb.append("first bad record: ").append(f.describe()).append('\n'));
    tornTail.ifPresent(t -> sb.append("note: ").append(t.describe()).append('\n'));
    for (String n : notes) {
      sb.append("note: ").append(n).append('\n');
    }
    return sb.toString();
  }

  /** The result as one JSON object. */
  public String toJson() {
    return ResultJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("status", status.name());
      g.writeBooleanField("passed", passed());
      g.writeArrayFieldStart("files");
      for (Path p : files) {
        g.writeString(p.toString());
      }
      g.writeEndArray();
      g.writeNumberField("records", records);
      g.writeObjectFieldStart("head");
      g.writeNumberField("recordNo", head.recordNo());
      g.writeStringField("hash", head.hash());
      g.writeEndObject();
      g.writeBooleanField("macVerified", macVerified);
      if (finding.isPresent()) {
        VerificationFinding f = finding.get();
        g.writeObjectFieldStart("finding");
        g.writeStringField("problem", f.problem().name());
        g.writeStringField("meaning", f.problem().meaning());
        g.writeStringField("detail", f.detail());
        ResultJson.location(g, "location", f.location());
        g.writeEndObject();
      } else {
        g.writeNullField("finding");
      }
      if (tornTail.isPresent()) {
        TornTail t = tornTail.get();
        g.writeObjectFieldStart("tornTail");
        g.writeStringField("file", t.file().toString());
        g.writeNumberField("line", t.line());
        g.writeNumberField("offset", t.offset());
        g.writeNumberField("length", t.length());
        g.writeEndObject();
      } else {
        g.writeNullField("tornTail");
      }
      g.writeArrayFieldStart("notes");
      for (String n : notes) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
