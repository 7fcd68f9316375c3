package io.ape.api;

import java.util.Objects;

/**
 * A resolver's answer. An approval counts only when it is bound to the very request it answers
 * and arrives through a trusted channel: one that names another request (or none), another
 * parameter hash, or whose channel is {@link Provenance#EXTERNAL_UNTRUSTED} (or {@code null}) is
 * rejected. The engine binds each request to its action, plan step, parameter hash and policy
 * generation and accepts each approval once, so an approval cannot be replayed for another
 * action, another step, another call or after a policy reload. Build answers with
 * {@link #approve} and {@link #deny}, which copy the binding from the request.
 *
 * @param approved whether the action is approved
 * @param approver who decided (free text for the audit record)
 * @param channel the provenance of the channel the answer came through
 * @param parametersHash the parameter hash the approver saw; must equal the request's
 * @param reason why
 * @param requestId the {@link EscalationRequest#requestId()} this answers; must equal the
 *     request's ({@code ""}: names no request, so an approval is rejected)
 *
 * @since 0.1.0
 */
public record EscalationResolution(
    boolean approved,
    String approver,
    Provenance channel,
    String parametersHash,
    String reason,
    String requestId) {
  public EscalationResolution {
    approver = approver == null ? "" : approver;
    channel = channel == null ? Provenance.EXTERNAL_UNTRUSTED : channel;
    Objects.requireNonNull(parametersHash, "parametersHash");
    reason = reason == null ? "" : reason;
    requestId = requestId == null ? "" : requestId;
  }

  /**
   * An answer that names no request. An approval built this way is rejected (it could be replayed
   * for any request with the same parameters); use {@link #approve} or give the request id.
   */
  public EscalationResolution(boolean approved, String approver, Provenance channel,
      String parametersHash, String reason) {
    this(approved, approver, channel, parametersHash, reason, "");
  }

  /** An approval of exactly {@code request} through {@code channel}. */
  public static EscalationResolution approve(EscalationRequest request, String approver,
      Provenance channel) {
    return new EscalationResolution(true, approver, channel, request.parametersHash(), "approved",
        request.requestId());
  }

  /** A denial of {@code request}. */
  public static EscalationResolution deny(EscalationRequest request, String approver, String reason) {
    return new EscalationResolution(false, approver, Provenance.SYSTEM_TRUSTED,
        request.parametersHash(), reason, request.requestId());
  }

  /** Whether this answer names {@code request} (its id and its parameter hash). */
  public boolean answers(EscalationRequest request) {
    return request != null && requestId.equals(request.requestId())
        && parametersHash.equals(request.parametersHash());
  }
}
