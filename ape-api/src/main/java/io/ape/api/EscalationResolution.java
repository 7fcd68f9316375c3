package io.ape.api;

import java.util.Objects;

/**
 * A resolver's answer. Approvals count only when they arrive through a trusted channel: an
 * approval labelled {@link Provenance#EXTERNAL_UNTRUSTED} (or {@code null}) is rejected.
 *
 * @param approved whether the action is approved
 * @param approver who decided (free text for the audit record)
 * @param channel the provenance of the channel the answer came through
 * @param parametersHash the parameter hash the approver saw; must equal the request's
 * @param reason why
 *
 * @since 0.1.0
 */
public record EscalationResolution(
    boolean approved,
    String approver,
    Provenance channel,
    String parametersHash,
    String reason) {
  public EscalationResolution {
    approver = approver == null ? "" : approver;
    channel = channel == null ? Provenance.EXTERNAL_UNTRUSTED : channel;
    Objects.requireNonNull(parametersHash, "parametersHash");
    reason = reason == null ? "" : reason;
  }

  /** An approval of {@code request} through {@code channel}. */
  public static EscalationResolution approve(EscalationRequest request, String approver,
      Provenance channel) {
    return new EscalationResolution(true, approver, channel, request.parametersHash(), "approved");
  }

  /** A denial of {@code request}. */
  public static EscalationResolution deny(EscalationRequest request, String approver, String reason) {
    return new EscalationResolution(false, approver, Provenance.SYSTEM_TRUSTED,
        request.parametersHash(), reason);
  }
}
