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
 * USER_TRUSTED and SYSTEM_TRUSTED are trusted (MODEL_GENERATED and EXTERNAL_UNTRUSTED are not);
 * every label but EXTERNAL_UNTRUSTED is untainted.
 *
 * <ul>
 *   <li>{@link #allParameters}: every parameter must be trusted, except those the rule exempts
 *       with {@code provenance: any} (or {@code untainted}) in their conditions; a request
 *       without parameters must come with a trusted default label. Set by
 *       {@code provenance: trusted} on the rule, and by default for HIGH and CRITICAL actions
 *       (rules without {@code provenance}, and {@code allowed_actions} and default-allow
 *       entries).</li>
 *   <li>{@link #allUntainted}: every parameter must be untainted (not copied from untrusted
 *       data), except those exempted with {@code provenance: any}. Set by
 *       {@code provenance: untainted} on the rule.</li>
 *   <li>{@link #named}: parameters whose conditions say {@code provenance: trusted} must be
 *       trusted when present ({@code send_money.recipient} from the user, while {@code amount}
 *       may come from a document).</li>
 *   <li>{@link #untainted}: parameters whose conditions say {@code provenance: untainted} must be
 *       untainted when present.</li>
 * </ul>
 * Immutable.
 */
final class TrustRequirement {
  /** Every parameter must be trusted (no exemptions, nothing named). */
  static final TrustRequirement ALL = new TrustRequirement(true, Set.of(), new String[0], "");

  final boolean allParameters;
  final boolean allUntainted;
  final Set<String> exempt;
  final String[] named;
  final String[] untainted;
  /** Why every parameter must be trusted, for reasons ({@code ""} when not). */
  final String why;

  TrustRequirement(boolean allParameters, Set<String> exempt, String[] named, String why) {
    this(allParameters, false, exempt, named, new String[0], why);
  }

  TrustRequirement(boolean allParameters, boolean allUntainted, Set<String> exempt,
      String[] named, String[] untainted, String why) {
    this.allParameters = allParameters;
    this.allUntainted = allUntainted;
    this.exempt = exempt;
    this.named = named;
    this.untainted = untainted;
    this.why = why;
  }

  /** Whether the request's parameters are trusted as required. */
  boolean isSatisfiedBy(ActionRequest request) {
    RequestContext context = request.context();
    Map<String, Object> params = request.parameters();
    if (allParameters || allUntainted) {
      if (params.isEmpty()) {
        Provenance label = context.parameterProvenance();
        if (allParameters ? !label.isTrusted() : !label.isUntainted()) {
          return false;
        }
      } else {
        for (String name : params.keySet()) {
          if (!exempt.contains(name) && !meets(context.provenanceOf(name), allParameters)) {
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
    for (String name : untainted) {
      if (params.containsKey(name) && !context.provenanceOf(name).isUntainted()) {
        return false;
      }
    }
    return true;
  }

  private static boolean meets(Provenance label, boolean trustedRequired) {
    return trustedRequired ? label.isTrusted() : label.isUntainted();
  }

  /**
   * The parameters that are not trusted (or untainted) as required, as {@code 'name' (LABEL)},
   * in order.
   */
  List<String> untrusted(ActionRequest request) {
    RequestContext context = request.context();
    Map<String, Object> params = request.parameters();
    List<String> out = new ArrayList<>();
    if ((allParameters || allUntainted) && params.isEmpty()
        && !meets(context.parameterProvenance(), allParameters)) {
      out.add("the request (" + context.parameterProvenance() + ", no parameters)");
    }
    for (String name : params.keySet()) {
      Provenance label = context.provenanceOf(name);
      boolean mustBeTrusted = (allParameters && !exempt.contains(name)) || contains(named, name);
      boolean mustBeUntainted = (allUntainted && !exempt.contains(name))
          || contains(untainted, name);
      if ((mustBeTrusted && !label.isTrusted()) || (mustBeUntainted && !label.isUntainted())) {
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
