package io.ape.core.internal.run;

import io.ape.api.Decision;
import io.ape.api.RequestContext;
import java.util.Objects;

/**
 * A step's decision made before its run started (the plan path's pre-flight), reused at issuance
 * as long as nothing it depends on changed: the same action, parameters and request context,
 * and the same policy generation. Anything else is evaluated again.
 *
 * @param actionId the action decided
 * @param parametersHash the canonical hash of the parameters decided
 * @param context the request context it was decided with
 * @param generation the policy generation read before it was decided
 * @param decision the decision
 * @since 0.2.0
 */
public record PreDecision(String actionId, String parametersHash, RequestContext context,
    long generation, Decision decision) {
  public PreDecision {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(parametersHash, "parametersHash");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(decision, "decision");
  }

  /** Whether this decision still holds for a step decided now with these inputs. */
  public boolean holdsFor(String action, String hash, RequestContext now, long generationNow) {
    return generation == generationNow && actionId.equals(action) && parametersHash.equals(hash)
        && context.equals(now);
  }
}
