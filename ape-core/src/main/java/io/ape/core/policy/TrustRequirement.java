package io.ape.core.policy;

import io.ape.api.ActionRequest;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What provenance an ALLOW needs: the one trust rule of the library (DESIGN §6), judged here
 * and nowhere else. A parameter's label is {@link RequestContext#provenanceOf(String)}; only
 * USER_TRUSTED and SYSTEM_TRUSTED are trusted (MODEL_GENERATED and EXTERNAL_UNTRUSTED are not).
 *
 * <ul>
 *   <li>{@link #allParameters}: every parameter must be trusted, except those the rule exempts
 *       with {@code provenance: any} in their conditions; a request without parameters must
 *       come with a trusted default label. Set by {@code provenance: trusted} on the rule, and
 *       by default for HIGH and CRITICAL actions (rules without {@code provenance}, and
 *       {@code allowed_actions} and default-allow entries).</li>
 *   <li>{@link #named}: parameters whose conditions say {@code provenance: trusted} must be
 *       trusted when present ({@code send_money.recipient} from the user, while {@code amount}
 *       may come from a document).</li>
 * </ul>
 * Immutable.
 */
final class TrustRequirement {
  /** Every parameter must be trusted (no exemptions, nothing named). */
  static final TrustRequirement ALL = new TrustRequirement(true, Set.of(), new String[0], "");

  final boolean allParameters;
  final Set<String> exempt;
  final String[] named;
  /** Why every parameter must be trusted, for reasons ({@code ""} when not). */
  final String why;

  TrustRequirement(boolean allParameters, Set<String> exempt, String[] named, String why) {
    this.allParameters = allParameters;
    this.exempt = exempt;
    this.named = named;
    this.why = why;
  }

  /** Whether the request's parameters are trusted as required. */
  boolean isSatisfiedBy(ActionRequest request) {
    RequestContext context = request.context();
    Map<String, Object> params = request.parameters();
    if (allParameters) {
      if (params.isEmpty()) {
        if (!context.parameterProvenance().isTrusted()) {
          return false;
        }
      } else {
        for (String name : params.keySet()) {
          if (!context.provenanceOf(name).isTrusted() && !exempt.contains(name)) {
            return false;
          }
        }
      }
    }
    for (String name : named) {
      if (params.containsKey(name) && !context.provenanceOf(name).isTrusted()) {
        return false;
      }
    }
    return true;
  }

  /** The parameters that are not trusted as required, as {@code 'name' (LABEL)}, in order. */
  List<String> untrusted(ActionRequest request) {
    RequestContext context = request.context();
    Map<String, Object> params = request.parameters();
    List<String> out = new ArrayList<>();
    if (allParameters && params.isEmpty() && !context.parameterProvenance().isTrusted()) {
      out.add("the request (" + context.parameterProvenance() + ", no parameters)");
    }
    for (String name : params.keySet()) {
      Provenance label = context.provenanceOf(name);
      boolean required = (allParameters && !exempt.contains(name)) || contains(named, name);
      if (required && !label.isTrusted()) {
        out.add("'" + name + "' (" + label + ")");
      }
    }
    return out;
  }

  private static boolean contains(String[] names, String name) {
    for (String n : names) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
