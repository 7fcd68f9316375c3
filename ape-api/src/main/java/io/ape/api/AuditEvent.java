package io.ape.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record. Never contains a token secret or a full token id: {@code tokenRef} is a
 * short, non-reversible fingerprint. Parameters are recorded after redaction (keys the policy
 * lists under {@code audit.redact} replaced by a hash).
 *
 * <p>Immutable. The engine's audit dispatcher assigns the gapless {@code sequence}; components
 * create events with sequence 0 and the dispatcher stamps them with {@link #withSequence}.
 *
 * @param sequence per-engine sequence number, starting at 1
 * @param timestamp when the event happened
 * @param type what happened
 * @param tenantId tenant ({@code ""} if not applicable)
 * @param sessionId session ({@code ""} if none)
 * @param intentVersion intent version hash ({@code ""} if none)
 * @param planHash plan hash ({@code ""} if none)
 * @param stepIndex plan step index, or -1
 * @param actionId action id ({@code ""} if not applicable)
 * @param toolId tool id ({@code ""} if not applicable)
 * @param decision the decision outcome, or {@code null} if the event is not a decision
 * @param reason why ({@code ""} if nothing to say)
 * @param ruleId the deciding rule ({@code ""} if none)
 * @param policyVersion the policy digest ({@code ""} if not applicable)
 * @param parameters the redacted parameters (possibly empty)
 * @param tokenRef a short fingerprint of the token ({@code ""} if none)
 * @param details other event-specific fields (string values; possibly empty)
 *
 * @since 0.1.0
 */
public record AuditEvent(
    long sequence,
    Instant timestamp,
    AuditEventType type,
    String tenantId,
    String sessionId,
    String intentVersion,
    String planHash,
    int stepIndex,
    String actionId,
    String toolId,
    Outcome decision,
    String reason,
    String ruleId,
    String policyVersion,
    Map<String, Object> parameters,
    String tokenRef,
    Map<String, String> details) {

  public AuditEvent {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(type, "type");
    tenantId = nz(tenantId);
    sessionId = nz(sessionId);
    intentVersion = nz(intentVersion);
    planHash = nz(planHash);
    actionId = nz(actionId);
    toolId = nz(toolId);
    reason = nz(reason);
    ruleId = nz(ruleId);
    policyVersion = nz(policyVersion);
    parameters = ParameterValues.copyOf(parameters);
    tokenRef = nz(tokenRef);
    details = details == null || details.isEmpty() ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
  }

  /** Starts building an event of the given type at the given time. */
  public static Builder builder(AuditEventType type, Instant timestamp) {
    return new Builder(type, timestamp);
  }

  /** A copy with the given sequence number. */
  public AuditEvent withSequence(long seq) {
    return new AuditEvent(seq, timestamp, type, tenantId, sessionId, intentVersion, planHash,
        stepIndex, actionId, toolId, decision, reason, ruleId, policyVersion, parameters,
        tokenRef, details);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * Builder for {@link AuditEvent}; not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final AuditEventType type;
    private final Instant timestamp;
    private long sequence;
    private String tenantId = "";
    private String sessionId = "";
    private String intentVersion = "";
    private String planHash = "";
    private int stepIndex = -1;
    private String actionId = "";
    private String toolId = "";
    private Outcome decision;
    private String reason = "";
    private String ruleId = "";
    private String policyVersion = "";
    private Map<String, Object> parameters = Map.of();
    private String tokenRef = "";
    private Map<String, String> details;

    private Builder(AuditEventType type, Instant timestamp) {
      this.type = Objects.requireNonNull(type, "type");
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The sequence number (set by the audit dispatcher; 0 until then). */
    public Builder sequence(long v) { this.sequence = v; return this; }
    public Builder tenant(String v) { this.tenantId = v; return this; }
    public Builder session(String v) { this.sessionId = v; return this; }
    public Builder intentVersion(String v) { this.intentVersion = v; return this; }
    public Builder planHash(String v) { this.planHash = v; return this; }
    public Builder step(int v) { this.stepIndex = v; return this; }
    public Builder action(String v) { this.actionId = v; return this; }
    public Builder tool(String v) { this.toolId = v; return this; }
    public Builder decision(Outcome v) { this.decision = v; return this; }
    public Builder reason(String v) { this.reason = v; return this; }
    public Builder rule(String v) { this.ruleId = v; return this; }
    public Builder policyVersion(String v) { this.policyVersion = v; return this; }
    public Builder parameters(Map<String, ?> v) { this.parameters = ParameterValues.copyOf(v); return this; }
    public Builder tokenRef(String v) { this.tokenRef = v; return this; }
    public Builder detail(String key, String value) {
      if (details == null) {
        details = new java.util.TreeMap<>();
      }
      details.put(key, value == null ? "" : value);
      return this;
    }

    /** Fills decision, reason, rule and policy version from a decision. */
    public Builder decision(Decision d) {
      this.decision = d.outcome();
      this.reason = d.reason();
      this.ruleId = d.matchedRule() == null ? "" : d.matchedRule();
      this.policyVersion = d.policyVersion();
      this.actionId = d.actionId();
      return this;
    }

    /** Builds the event (sequence 0 unless set; the dispatcher assigns the real one). */
    public AuditEvent build() {
      return new AuditEvent(sequence, timestamp, type, tenantId, sessionId, intentVersion, planHash,
          stepIndex, actionId, toolId, decision, reason, ruleId, policyVersion, parameters,
          tokenRef, details);
    }
  }
}
