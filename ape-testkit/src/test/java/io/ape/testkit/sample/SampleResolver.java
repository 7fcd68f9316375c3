package io.ape.testkit.sample;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Provenance;
import io.ape.spi.EscalationResolver;

/** Approves every request through a trusted channel, bound to the request (a test double). */
public class SampleResolver implements EscalationResolver {
  @Override
  public EscalationResolution resolve(EscalationRequest request) {
    return EscalationResolution.approve(request, "sample-bot", Provenance.USER_TRUSTED);
  }
}
