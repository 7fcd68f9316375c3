package io.ape.core.escalation;

import io.ape.api.EscalationResolution;
import java.util.Objects;
import java.util.Optional;

/**
 * The end of one escalation: an accepted approval, or a denial with its kind and reason.
 *
 * @param approved whether an approval was accepted
 * @param denial the kind of denial, or {@code null} when approved
 * @param reason a human-readable explanation
 * @param resolution the resolver's answer, or {@code null} if there was none
 */
public record EscalationOutcome(boolean approved, EscalationDenial denial, String reason,
    EscalationResolution resolution) {
  public EscalationOutcome {
    Objects.requireNonNull(reason, "reason");
    if (approved == (denial != null)) {
      throw new IllegalArgumentException("an outcome is either approved or has a denial kind");
    }
    if (approved && resolution == null) {
      throw new IllegalArgumentException("an approval needs the resolution");
    }
  }

  static EscalationOutcome approvedBy(EscalationResolution resolution) {
    return new EscalationOutcome(true, null, "approved by " + resolution.approver() + " via "
        + resolution.channel() + (resolution.reason().isEmpty() ? "" : ": " + resolution.reason()),
        resolution);
  }

  static EscalationOutcome denied(EscalationDenial kind, String reason,
      EscalationResolution resolution) {
    return new EscalationOutcome(false, kind, reason, resolution);
  }

  /** The kind of denial, if denied. */
  public Optional<EscalationDenial> denialKind() {
    return Optional.ofNullable(denial);
  }
}
