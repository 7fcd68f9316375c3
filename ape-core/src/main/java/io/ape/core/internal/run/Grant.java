package io.ape.core.internal.run;

import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.spi.state.RevocationEpochs;
import java.util.Objects;

/**
 * A token as its run issued it, with what it must still hold when it is presented: the policy
 * generation its decision was made under and the revocation epochs (everything, tenant,
 * session) in force before it was decided.
 *
 * @param token the token (compared by identity)
 * @param generation the policy generation read before the step was evaluated
 * @param epochs the revocation epochs read before the step was decided, or {@code null} when the
 *     run has no revocation registry
 * @param decision the ALLOW it was issued for
 * @param context the request context the step was decided with
 * @param provenance the label of the step's parameters
 * @since 0.2.0
 */
public record Grant(AuthorityToken token, long generation, RevocationEpochs epochs,
    Decision decision, RequestContext context, Provenance provenance) {
  public Grant {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(provenance, "provenance");
  }
}
