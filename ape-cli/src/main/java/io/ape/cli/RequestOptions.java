package io.ape.cli;

import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the parameters of a simulated request came from, and its context values: the options
 * {@code --provenance}, {@code --untrusted}, {@code --tenant}, {@code --session-user} and
 * {@code --attribute} shared by {@code simulate}, {@code explain} and {@code simulate-batch}.
 *
 * <p>The default provenance is {@code external} (EXTERNAL_UNTRUSTED): what a library user gets
 * from {@code PolicyEngine.evaluate(action, parameters)}, so that the command line and the
 * library decide the same call the same way. {@code --provenance user} is what a parameter
 * typed by the user gets.
 */
final class RequestOptions {
  static final String PROVENANCE_VALUES = "user, system, external or model";

  @Option(names = "--provenance", paramLabel = "user|system|external|model",
      description = "Where the parameters came from: user (USER_TRUSTED), system "
          + "(SYSTEM_TRUSTED), external (EXTERNAL_UNTRUSTED: tool output, documents, web pages; "
          + "the default, as for PolicyEngine.evaluate(action, parameters)) or model "
          + "(MODEL_GENERATED, untrusted).")
  String provenance;

  @Option(names = "--untrusted", paramLabel = "KEY",
      description = "This parameter is EXTERNAL_UNTRUSTED whatever --provenance says "
          + "(repeatable), e.g. --provenance user --untrusted recipient.")
  List<String> untrusted = new ArrayList<>();

  @Option(names = "--tenant", paramLabel = "TENANT",
      description = "The tenant, read by conditions as ${tenant} (default: default).")
  String tenant;

  @Option(names = "--session-user", paramLabel = "USER",
      description = "The session's user, read by conditions as ${session.user}.")
  String sessionUser;

  @Option(names = "--attribute", paramLabel = "KEY=VALUE",
      description = "A session attribute, read by conditions as ${session.attributes.KEY} "
          + "(repeatable).")
  List<String> attributes = new ArrayList<>();

  /** The request context these options describe. */
  RequestContext context() {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String a : attributes) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new CliUsageException("--attribute expects KEY=VALUE, got '" + Text.printable(a)
            + "'");
      }
      if (attrs.put(a.substring(0, eq), a.substring(eq + 1)) != null) {
        throw new CliUsageException("--attribute '" + Text.printable(a.substring(0, eq))
            + "' is given more than once");
      }
    }
    if (sessionUser != null) {
      attrs.put(PolicyEngine.USER_ATTRIBUTE, sessionUser);
    }
    return context(provenance, untrusted, tenant, attrs);
  }

  /** A context from the same parts (also used by {@code ape test}'s cases). */
  static RequestContext context(String provenance, List<String> untrusted, String tenant,
      Map<String, String> attributes) {
    Map<String, Provenance> labels = new LinkedHashMap<>();
    for (String key : untrusted) {
      labels.put(key, Provenance.EXTERNAL_UNTRUSTED);
    }
    return new RequestContext(tenant == null ? RequestContext.DEFAULT_TENANT : tenant, "",
        provenance(provenance), attributes, labels);
  }

  /** Parses {@code user}, {@code system}, {@code external} or {@code model} (null: external). */
  static Provenance provenance(String value) {
    if (value == null) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "user":
        return Provenance.USER_TRUSTED;
      case "system":
        return Provenance.SYSTEM_TRUSTED;
      case "external":
        return Provenance.EXTERNAL_UNTRUSTED;
      case "model":
        return Provenance.MODEL_GENERATED;
      default:
        throw new CliUsageException("--provenance must be " + PROVENANCE_VALUES + ", got '"
            + Text.printable(value) + "'");
    }
  }
}
