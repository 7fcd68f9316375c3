package io.ape.audit.jdbc;

import io.ape.audit.internal.ResultJson;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link JdbcAuditVerifier#verify}: one verdict per writer's chain.
 *
 * @param database the database, without credentials
 * @param chains every chain verified, by writer id
 * @param notes remarks that are not failures (what was not checked)
 * @since 0.2.0
 */
public record JdbcVerificationResult(String database, List<ChainVerification> chains,
    List<String> notes) {
  public JdbcVerificationResult {
    Objects.requireNonNull(database, "database");
    chains = List.copyOf(chains);
    notes = List.copyOf(notes);
  }

  /** Whether every chain is intact. */
  public boolean passed() {
    return chains.stream().allMatch(ChainVerification::passed);
  }

  /** A human-readable report. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    long records = chains.stream().mapToLong(ChainVerification::records).sum();
    sb.append(passed() ? "INTACT: " : "TAMPERED: ").append(records).append(" record(s) in ")
        .append(chains.size()).append(" chain(s) verified in ").append(database).append('\n');
    for (ChainVerification c : chains) {
      sb.append("writer ").append(c.writerId()).append(": ")
          .append(c.passed() ? "INTACT" : "TAMPERED").append(", ").append(c.records())
          .append(" record(s)").append(c.macVerified() ? ", HMAC checked" : ", no HMAC checked")
          .append("; last good record ").append(c.head().recordNo()).append(" hash ")
          .append(c.head().hash()).append('\n');
      c.finding().ifPresent(f -> sb.append("  first bad record: ").append(f.describe())
          .append('\n'));
    }
    for (String n : notes) {
      sb.append("note: ").append(n).append('\n');
    }
    return sb.toString();
  }

  /** The result as one JSON object. */
  public String toJson() {
    return ResultJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("status", passed() ? "INTACT" : "TAMPERED");
      g.writeBooleanField("passed", passed());
      g.writeStringField("database", database);
      g.writeArrayFieldStart("chains");
      for (ChainVerification c : chains) {
        g.writeStartObject();
        g.writeStringField("writerId", c.writerId());
        g.writeBooleanField("passed", c.passed());
        g.writeNumberField("records", c.records());
        g.writeObjectFieldStart("head");
        g.writeNumberField("recordNo", c.head().recordNo());
        g.writeStringField("hash", c.head().hash());
        g.writeEndObject();
        g.writeBooleanField("macVerified", c.macVerified());
        if (c.finding().isPresent()) {
          ChainFinding f = c.finding().get();
          g.writeObjectFieldStart("finding");
          g.writeStringField("problem", f.problem().name());
          g.writeStringField("meaning", f.problem().meaning());
          g.writeNumberField("recordNo", f.recordNo());
          g.writeNumberField("sequence", f.sequence());
          g.writeStringField("detail", f.detail());
          g.writeEndObject();
        } else {
          g.writeNullField("finding");
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("notes");
      for (String n : notes) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
