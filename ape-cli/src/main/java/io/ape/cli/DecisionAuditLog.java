package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.AuditEventType;
import io.ape.api.Decision;
import io.ape.api.Policy;
import io.ape.audit.AuditReplayer;
import io.ape.audit.Durability;
import io.ape.audit.HmacKeyFile;
import io.ape.audit.JsonlAuditSink;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.KeyedRedaction;
import java.nio.file.Path;

/**
 * The {@code --audit-log FILE} of {@code simulate} and {@code simulate-batch}: every decision
 * is recorded as a {@code DECISION} event through the core {@link AuditLog} dispatcher (which
 * applies the policy's {@code audit.redact}) to a hash-chained JSON-lines file in
 * {@code per-record} mode, so each record is on disk before the command prints its decision.
 * An existing log is continued (its chain is checked at open). Any failure to record throws
 * {@link io.ape.api.AuditException}: the command fails (exit 1) rather than print an
 * unrecorded decision.
 *
 * <p>With {@code --audit-key-file F} every record carries an HMAC under the key in F (verify
 * with {@code ape audit verify --hmac-key-file F}), and redacted values are HMACs under a key
 * derived from it, so that they correlate across runs that continue the same log. Without it,
 * records carry no HMAC and the redaction key is new for each run.
 */
final class DecisionAuditLog implements AutoCloseable {
  private final AuditLog log;

  private DecisionAuditLog(AuditLog log) {
    this.log = log;
  }

  /** Opens (or continues) the log at {@code file} and records that {@code policy} was loaded. */
  static DecisionAuditLog open(Path file, Policy policy) {
    return open(file, policy, null);
  }

  /**
   * Opens (or continues) the log at {@code file}, HMAC-signed with the key in {@code keyFile}
   * when it is not {@code null}, and records that {@code policy} was loaded.
   */
  static DecisionAuditLog open(Path file, Policy policy, Path keyFile) {
    byte[] key = keyFile == null ? null
        : HmacKeyFile.read(InputFiles.requireRegularFile(keyFile), "--audit-key-file");
    JsonlAuditSink.Builder sinkBuilder = JsonlAuditSink.builder(file)
        .durability(Durability.PER_RECORD);
    if (key != null) {
      sinkBuilder.hmacKey(key);
    }
    JsonlAuditSink sink = sinkBuilder.build();
    AuditLog log;
    try {
      AuditLog.Builder builder = AuditLog.builder().sink(sink).redaction(policy.audit());
      if (key != null) {
        builder.redactionKey(KeyedRedaction.keyDerivedFrom(key));
      }
      log = builder.build();
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
    DecisionAuditLog opened = new DecisionAuditLog(log);
    try {
      log.record(log.event(AuditEventType.POLICY_LOADED)
          .policyVersion(policy.version())
          .detail("policy", policy.source().name())
          .detail("origin", "ape-cli"));
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    return opened;
  }

  /** Records one decision with its (redacted) parameters and their provenance. */
  void record(ActionRequest request, Decision decision) {
    log.record(log.event(AuditEventType.DECISION)
        .decision(decision)
        .tenant(request.context().tenantId())
        .session(request.context().sessionId())
        .parameters(request.parameters())
        .detail(AuditReplayer.PROVENANCE_DETAIL, request.context().parameterProvenance().name())
        .detail(AuditReplayer.LABELS_DETAIL,
            AuditReplayer.formatLabels(request.context().parameterLabels()))
        .detail("decision_source", decision.source() == null ? "" : decision.source().name())
        .detail("origin", "ape-cli"));
  }

  /** Flushes and closes the file. */
  @Override
  public void close() {
    log.close();
  }
}
