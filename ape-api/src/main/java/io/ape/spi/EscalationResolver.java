package io.ape.spi;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;

/**
 * Approves or denies an escalation. The default resolver denies everything.
 *
 * <p>The engine calls {@link #resolve} with a timeout; a timeout, an exception or a
 * {@code null} answer is a denial. An approval whose channel is untrusted, or whose
 * parameter hash differs from the request's, is rejected.
 *
 * <p>Implementations are thread-safe and answer every request with a resolution (never
 * {@code null}); an approval carries the parameter hash of the very request it answers
 * ({@link EscalationResolution#approve}), also when many requests are resolved at once, so that
 * no approval can be carried over to another request. {@code io.ape:ape-testkit}'s
 * {@code EscalationResolverContract} checks this contract.
 *
 * @since 0.1.0
 */
public interface EscalationResolver {
  /** Resolves one request; may throw (a denial), never returns {@code null}. */
  EscalationResolution resolve(EscalationRequest request) throws Exception;
}
