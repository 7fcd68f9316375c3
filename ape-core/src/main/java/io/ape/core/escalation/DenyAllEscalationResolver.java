package io.ape.core.escalation;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.spi.EscalationResolver;

/** The default resolver: denies every escalation. Stateless and thread-safe. */
public final class DenyAllEscalationResolver implements EscalationResolver {
  /** The approver name the denials carry. */
  public static final String APPROVER = "deny-all";

  /** Creates the resolver. */
  public DenyAllEscalationResolver() {
    // stateless
  }

  @Override
  public EscalationResolution resolve(EscalationRequest request) {
    return EscalationResolution.deny(request, APPROVER,
        "default deny: no escalation resolver that can approve is configured");
  }
}
