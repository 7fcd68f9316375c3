package io.ape.spi;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;

/**
 * Approves or denies an escalation. The default resolver denies everything.
 *
 * <p>The engine calls {@link #resolve} with a timeout; a timeout, an exception or a
 * {@code null} answer is a denial. An approval whose channel is untrusted, or whose
 * parameter hash differs from the request's, is rejected.
 */
public interface EscalationResolver {
  /** Resolves one request. */
  EscalationResolution resolve(EscalationRequest request) throws Exception;
}
