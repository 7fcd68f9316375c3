package io.ape.testkit.sample;

import io.ape.api.ActionCatalog;
import io.ape.api.ActionDefinition;
import io.ape.api.CompiledIntent;
import io.ape.api.IntentAmbiguityException;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Outcome;
import io.ape.api.PolicyView;
import io.ape.api.RiskLevel;
import io.ape.spi.IntentCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a prompt onto the catalog actions whose ids it spells out, narrowed by the policy. */
public class SampleIntentCompiler implements IntentCompiler {
  /** The longest prompt compiled. */
  public static final int MAX_CHARS = 4096;

  private final ActionCatalog catalog;

  public SampleIntentCompiler(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /** A catalog of read_file, list_directory (LOW) and delete_file (HIGH). */
  public static ActionCatalog catalog() {
    Map<String, ActionDefinition> defs = new LinkedHashMap<>();
    defs.put("read_file", def("read_file", RiskLevel.LOW));
    defs.put("list_directory", def("list_directory", RiskLevel.LOW));
    defs.put("delete_file", def("delete_file", RiskLevel.HIGH));
    return new ActionCatalog() {
      @Override
      public Optional<ActionDefinition> find(String actionId) {
        return Optional.ofNullable(actionId == null ? null : defs.get(actionId));
      }

      @Override
      public List<String> actionIds() {
        return List.copyOf(defs.keySet());
      }
    };
  }

  private static ActionDefinition def(String id, RiskLevel risk) {
    return ActionDefinition.builder(id).description(id).riskLevel(risk).build();
  }

  @Override
  public CompiledIntent compile(String prompt, PolicyView policy, IntentCompilerOptions options) {
    if (policy == null) {
      throw new IntentCompilationException("no policy view");
    }
    if (prompt == null || prompt.isBlank()) {
      throw new IntentAmbiguityException("empty prompt");
    }
    if (prompt.length() > MAX_CHARS) {
      throw new IntentCompilationException("prompt too long (" + prompt.length() + " characters)");
    }
    List<String> named = new ArrayList<>();
    for (String id : catalog.actionIds()) {
      int at = prompt.indexOf(id);
      if (at >= 0) {
        named.add(id);
      }
    }
    named.sort((a, b) -> Integer.compare(prompt.indexOf(a), prompt.indexOf(b)));
    if (named.isEmpty()) {
      throw new IntentAmbiguityException(message(prompt));
    }
    List<String> allowed = new ArrayList<>();
    List<String> escalation = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (String id : named) {
      Outcome best = policy.bestOutcome(id);
      boolean risky = catalog.get(id).riskLevel().compareTo(options.maxRiskLevel()) > 0;
      if (best == Outcome.DENY) {
        forbidden.add(id);
      } else if (best == Outcome.ESCALATE || risky) {
        (options.allowEscalation() ? escalation : forbidden).add(id);
      } else {
        allowed.add(id);
      }
    }
    if (allowed.isEmpty() && escalation.isEmpty()) {
      throw new IntentNarrowingException("the policy forbids every action named", forbidden,
          List.of());
    }
    List<String> actions = new ArrayList<>();
    for (String id : named) {
      if (allowed.contains(id) || escalation.contains(id)) {
        actions.add(id);
      }
    }
    return new CompiledIntent(actions, allowed, forbidden, escalation, "execution",
        "Allow: " + allowed, 1.0, List.of(), List.of(), List.of(), Map.of(), Map.of(),
        policy.policyVersion());
  }

  /** The error for a prompt naming nothing: quotes a sanitised 40-character prefix. */
  protected String message(String prompt) {
    String p = prompt.substring(0, Math.min(40, prompt.length())).replaceAll("\\p{Cntrl}", "?");
    return "no action named in the prompt starting with '" + p + "'";
  }
}
