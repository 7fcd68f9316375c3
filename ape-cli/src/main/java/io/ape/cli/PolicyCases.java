package io.ape.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ape.api.ActionParameterException;
import io.ape.api.ActionRequest;
import io.ape.api.Outcome;
import io.ape.api.ParameterValues;
import io.ape.api.RequestContext;
import io.ape.core.policy.PolicyEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The test cases of {@code ape test POLICY CASES.yaml}: each an action with its parameters and
 * context, and the decision the policy must give (and optionally the rule that must decide).
 *
 * <pre>{@code
 * cases:
 *   - name: reads under /srv are allowed      # optional; default "case N" (N from 1)
 *     action: read_file                       # required
 *     parameters: {path: /srv/data/a.csv}     # optional, any JSON-like values
 *     provenance: user                        # optional: user, system, external (default), model
 *     untrusted: [path]                       # optional: parameters labelled EXTERNAL_UNTRUSTED
 *     tenant: acme                            # optional: ${tenant}
 *     session_user: alice                     # optional: ${session.user}
 *     attributes: {team: red}                 # optional: ${session.attributes.KEY}
 *     expect: allow                           # required: allow, deny or escalate
 *     rule: read-srv                          # optional: the id of the rule that must decide
 * }</pre>
 *
 * <p>YAML, or JSON when the file name ends in {@code .json} (read as strict JSON, so numbers
 * mean exactly what JSON says; YAML 1.1 reads {@code 1e300} as a string). Unknown keys,
 * duplicate keys and wrong types are errors that name the case; the default provenance is the
 * library's, EXTERNAL_UNTRUSTED.
 */
final class PolicyCases {
  private static final Set<String> KEYS = Set.of("name", "action", "parameters", "provenance",
      "untrusted", "tenant", "session_user", "attributes", "expect", "rule");
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One case: what to ask and what the answer must be. */
  record Case(String name, ActionRequest request, Outcome expect, String rule) {}

  private PolicyCases() {}

  /** Reads and checks a cases file; any problem is an invalid-input error (exit 3). */
  static List<Case> read(Path file) {
    String text = InputFiles.readText(InputFiles.requireRegularFile(file));
    Object doc;
    try {
      boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      doc = (json ? JSON : YAML).readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw invalid(file, "not valid YAML or JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (!(doc instanceof Map<?, ?> root) || !(root.get("cases") instanceof List<?> list)
        || root.size() != 1) {
      throw invalid(file, "a cases file is a mapping with one key, 'cases', a list of cases");
    }
    if (list.isEmpty()) {
      throw invalid(file, "'cases' is empty: a test needs at least one case");
    }
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      cases.add(parse(file, i, list.get(i)));
    }
    return cases;
  }

  private static Case parse(Path file, int index, Object entry) {
    String where = "cases[" + index + "]";
    if (!(entry instanceof Map<?, ?> map)) {
      throw invalid(file, where + " must be a mapping with at least 'action' and 'expect'");
    }
    for (Object key : map.keySet()) {
      if (!KEYS.contains(key)) {
        throw invalid(file, where + ": unknown key '" + key + "'; allowed keys: "
            + String.join(", ", List.of("name", "action", "parameters", "provenance",
                "untrusted", "tenant", "session_user", "attributes", "expect", "rule")));
      }
    }
    String name = string(file, where, map, "name", false);
    if (name != null) {
      where = where + " ('" + Text.printable(name) + "')";
    }
    String action = string(file, where, map, "action", true);
    String expect = string(file, where, map, "expect", true);
    Outcome outcome;
    try {
      outcome = Outcome.fromKeyword(expect.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(file, where + ": expect must be allow, deny or escalate, not '"
          + Text.printable(expect) + "'");
    }
    Object params = map.get("parameters");
    if (params != null && !(params instanceof Map<?, ?>)) {
      throw invalid(file, where + ": parameters must be a mapping");
    }
    List<String> untrusted = new ArrayList<>();
    Object u = map.get("untrusted");
    if (u != null) {
      if (!(u instanceof List<?> ul) || !ul.stream().allMatch(String.class::isInstance)) {
        throw invalid(file, where + ": untrusted must be a list of parameter names");
      }
      ul.forEach(x -> untrusted.add((String) x));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    Object a = map.get("attributes");
    if (a != null) {
      if (!(a instanceof Map<?, ?> am)) {
        throw invalid(file, where + ": attributes must be a mapping of strings");
      }
      for (Map.Entry<?, ?> e : am.entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw invalid(file, where + ": attribute '" + e.getKey() + "' must be a string");
        }
        attributes.put(String.valueOf(e.getKey()), v);
      }
    }
    String user = string(file, where, map, "session_user", false);
    if (user != null) {
      attributes.put(PolicyEngine.USER_ATTRIBUTE, user);
    }
    RequestContext context;
    try {
      context = RequestOptions.context(string(file, where, map, "provenance", false), untrusted,
          string(file, where, map, "tenant", false), attributes);
    } catch (CliUsageException e) {
      throw invalid(file, where + ": " + e.getMessage().replace("--provenance", "provenance"));
    }
    Map<String, Object> parameters;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = params == null ? Map.of() : (Map<String, Object>) params;
      parameters = ParameterValues.copyOf(raw);
    } catch (ActionParameterException e) {
      throw invalid(file, where + ": invalid parameters: " + e.getMessage());
    }
    return new Case(name == null ? "case " + (index + 1) : name,
        ActionRequest.of(action, parameters, context), outcome,
        string(file, where, map, "rule", false));
  }

  private static String string(Path file, String where, Map<?, ?> map, String key,
      boolean required) {
    Object v = map.get(key);
    if (v == null) {
      if (required) {
        throw invalid(file, where + ": missing required key '" + key + "'");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid(file, where + ": " + key + " must be a string, but is " + v);
    }
    return s;
  }

  private static CliFailureException invalid(Path file, String message) {
    return new CliFailureException(ExitCode.INVALID_POLICY, "invalid_cases",
        Text.printable(file.toString()) + ": " + message);
  }
}
