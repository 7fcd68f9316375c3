package io.ape.core.compiler;

import io.ape.api.ActionCatalog;
import io.ape.api.ActionDefinition;
import io.ape.api.CompiledIntent;
import io.ape.api.IntentAmbiguityException;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.IntentSignal;
import io.ape.api.Outcome;
import io.ape.api.PolicyView;
import io.ape.spi.IntentCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deterministic {@code patterns} intent compiler: maps a prompt onto actions of a catalog
 * with a fixed table of phrase patterns, extracts the values the prompt names, and narrows the
 * result with a {@link PolicyView}.
 *
 * <p>How a prompt is compiled:
 * <ol>
 *   <li>The values the prompt names are found (quoted text, URLs, e-mail addresses, globs,
 *       paths, channels). Quoted text is data: words inside quotes never name an action.</li>
 *   <li>Phrases naming actions are found ({@link PatternTable}; an action id written as such,
 *       e.g. {@code deploy_service}, also names that action). A phrase preceded in its clause
 *       by a negation ("don't delete ...") forbids its action instead.</li>
 *   <li>Phrases below the confidence threshold are ignored.</li>
 *   <li>Per action, in the order the prompt names them: if the policy can never allow it, it is
 *       forbidden; if the policy can only escalate it, or it follows instruction-override text
 *       ("ignore previous instructions ..."), or its risk is above the ceiling, or it requires
 *       human review, it becomes an escalation (or is forbidden when escalation is disabled,
 *       never silently allowed); otherwise it is allowed.</li>
 *   <li>Parameters are extracted from each action's part of the prompt ({@code
 *       ParameterExtractor}).</li>
 * </ol>
 * An empty, blank or unmappable prompt, or one that both asks for and rules out an action,
 * raises {@link IntentAmbiguityException}; a prompt whose every action the policy forbids
 * raises {@link IntentNarrowingException}. Error messages quote at most
 * {@value PromptPreview#MAX} sanitised characters of the prompt.
 *
 * <p>Deterministic and thread-safe; patterns are compiled once, on RE2 (linear time).
 */
public final class PatternIntentCompiler implements IntentCompiler {
  /** The default bound on prompt length, in UTF-16 characters. */
  public static final int DEFAULT_MAX_PROMPT_CHARS = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(PatternIntentCompiler.class);

  private final ActionCatalog catalog;
  private final SignalFinder finder;
  private final int maxPromptChars;

  /** A compiler for the actions of {@code catalog}, with the default prompt bound. */
  public PatternIntentCompiler(ActionCatalog catalog) {
    this(catalog, DEFAULT_MAX_PROMPT_CHARS);
  }

  /**
   * A compiler for the actions of {@code catalog}.
   *
   * @param maxPromptChars longer prompts are rejected (at least 1)
   */
  public PatternIntentCompiler(ActionCatalog catalog, int maxPromptChars) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (maxPromptChars < 1) {
      throw new IllegalArgumentException("maxPromptChars must be at least 1: " + maxPromptChars);
    }
    this.maxPromptChars = maxPromptChars;
    this.finder = new SignalFinder(catalog);
  }

  @Override
  public CompiledIntent compile(String prompt, PolicyView policy, IntentCompilerOptions options) {
    if (policy == null) {
      throw new IntentCompilationException("no policy view given: an intent is always narrowed"
          + " by a policy");
    }
    IntentCompilerOptions opts = options == null ? IntentCompilerOptions.defaults() : options;
    if (prompt == null || prompt.isBlank()) {
      throw new IntentAmbiguityException("empty prompt: there is nothing to compile");
    }
    if (prompt.length() > maxPromptChars) {
      throw new IntentCompilationException("prompt too long (" + prompt.length()
          + " characters; at most " + maxPromptChars + ")");
    }
    ScannedPrompt scanned = EntityScanner.scan(prompt);
    int override = SignalFinder.overrideOffset(scanned);
    List<PromptSignal> all = finder.find(scanned, override);
    if (all.isEmpty()) {
      throw new IntentAmbiguityException("could not map the prompt to any action (prompt starts"
          + " with " + PromptPreview.of(prompt) + "); name the action and its target, e.g."
          + " 'Read config.json'");
    }
    List<String> log = new ArrayList<>();
    List<PromptSignal> kept = new ArrayList<>();
    double best = 0;
    for (PromptSignal s : all) {
      best = Math.max(best, s.confidence());
      if (s.confidence() >= opts.minConfidence()) {
        kept.add(s);
      } else {
        log.add(s.actionId() + ": phrase at offset " + s.start() + " has confidence "
            + s.confidence() + ", below the threshold " + opts.minConfidence() + "; ignored");
      }
    }
    if (kept.isEmpty()) {
      throw new IntentAmbiguityException("no action is named clearly enough (best confidence "
          + best + ", threshold " + opts.minConfidence() + ") in the prompt starting with "
          + PromptPreview.of(prompt));
    }
    Map<String, List<PromptSignal>> requested = new LinkedHashMap<>();
    Set<String> negated = new LinkedHashSet<>();
    for (PromptSignal s : kept) {
      if (s.negated()) {
        negated.add(s.actionId());
      } else {
        requested.computeIfAbsent(s.actionId(), k -> new ArrayList<>()).add(s);
      }
    }
    for (String id : negated) {
      if (requested.containsKey(id)) {
        throw new IntentAmbiguityException("the prompt both asks for and rules out " + id
            + "; rephrase it so that each action is either requested or excluded");
      }
    }
    if (requested.isEmpty()) {
      throw new IntentAmbiguityException("the prompt only rules actions out " + negated
          + " and asks for none");
    }
    return narrow(scanned, kept, requested, negated, override, policy, opts, log);
  }

  private CompiledIntent narrow(ScannedPrompt scanned, List<PromptSignal> kept,
      Map<String, List<PromptSignal>> requested, Set<String> negated, int override,
      PolicyView policy, IntentCompilerOptions opts, List<String> log) {
    List<String> actions = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    List<String> escalation = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    List<String> riskFlags = new ArrayList<>();
    if (override >= 0) {
      riskFlags.add("instruction-override text at offset " + override
          + ": actions named after it need approval");
    }
    for (Map.Entry<String, List<PromptSignal>> e : requested.entrySet()) {
      String id = e.getKey();
      ActionDefinition d = catalog.get(id);
      Outcome bestOutcome = bestOutcome(policy, id, log);
      if (bestOutcome == Outcome.DENY) {
        forbidden.add(id);
        log.add(id + ": forbidden by the policy");
        continue;
      }
      String reason = escalationReason(d, bestOutcome, e.getValue(), opts);
      if (reason == null) {
        allowed.add(id);
        actions.add(id);
        if (policy.dependsOnParameters(id)) {
          log.add(id + ": allowed by a rule with conditions; the step's parameters decide");
        }
      } else if (opts.allowEscalation()) {
        escalation.add(id);
        actions.add(id);
        log.add(id + ": " + reason + "; escalation required");
        riskFlags.add(id + ": " + reason + " (escalation required)");
      } else {
        forbidden.add(id);
        log.add(id + ": " + reason + "; forbidden because escalation is disabled");
        riskFlags.add(id + ": " + reason + " (forbidden, no escalation)");
      }
    }
    for (String id : negated) {
      forbidden.add(id);
      log.add(id + ": ruled out by a negation in the prompt; forbidden");
    }
    if (actions.isEmpty()) {
      throw new IntentNarrowingException("the policy leaves no action of the prompt: "
          + "forbidden " + forbidden, forbidden, log);
    }
    Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
    Map<String, Map<String, List<Object>>> alternatives = new LinkedHashMap<>();
    extractParameters(scanned, kept, actions, parameters, alternatives);
    String scope = opts.explicitScope().isEmpty()
        ? ScopeInference.infer(scanned.masked(), actions, catalog) : opts.explicitScope();
    List<IntentSignal> signals = new ArrayList<>();
    for (PromptSignal s : kept) {
      if (!s.negated()) {
        signals.add(new IntentSignal(s.actionId(), scanned.text().substring(s.start(), s.end()),
            s.start(), s.end(), s.confidence(), catalog.get(s.actionId()).category()));
      }
    }
    CompiledIntent intent = new CompiledIntent(actions, allowed, forbidden, escalation, scope,
        description(allowed, escalation), confidence(allowed.isEmpty() ? escalation : allowed,
            requested), signals, log, riskFlags, parameters, alternatives,
        policy.policyVersion());
    LOG.debug("compiled intent: allowed={} escalation={} forbidden={} scope={}", allowed,
        escalation, forbidden, scope);
    return intent;
  }

  private static Outcome bestOutcome(PolicyView policy, String id, List<String> log) {
    try {
      Outcome o = policy.bestOutcome(id);
      if (o != null) {
        return o;
      }
      log.add(id + ": the policy view gave no answer; treated as deny");
    } catch (RuntimeException ex) {
      LOG.warn("policy view failed for action {}; treating it as denied", id, ex);
      log.add(id + ": the policy view failed (" + ex.getClass().getSimpleName()
          + "); treated as deny");
    }
    return Outcome.DENY;
  }

  private static String escalationReason(ActionDefinition d, Outcome policyOutcome,
      List<PromptSignal> signals, IntentCompilerOptions opts) {
    if (policyOutcome == Outcome.ESCALATE) {
      return "the policy requires escalation";
    }
    for (PromptSignal s : signals) {
      if (s.afterOverride()) {
        return "named after instruction-override text";
      }
    }
    if (d.riskLevel().compareTo(opts.maxRiskLevel()) > 0) {
      return lower(d.riskLevel().name()) + " risk is above " + lower(opts.maxRiskLevel().name());
    }
    if (d.requiresHumanReview()) {
      return "requires human review";
    }
    return null;
  }

  private void extractParameters(ScannedPrompt scanned, List<PromptSignal> kept,
      List<String> actions, Map<String, Map<String, Object>> parameters,
      Map<String, Map<String, List<Object>>> alternatives) {
    for (String id : actions) {
      List<PromptSignal> own = new ArrayList<>();
      List<int[]> segments = new ArrayList<>();
      for (int i = 0; i < kept.size(); i++) {
        PromptSignal s = kept.get(i);
        if (s.actionId().equals(id) && !s.negated()) {
          own.add(s);
          int end = i + 1 < kept.size() ? kept.get(i + 1).start() : scanned.text().length();
          segments.add(new int[] {s.start(), Math.max(end, s.end())});
        }
      }
      int[] starts = new int[own.size()];
      int[] ends = new int[own.size()];
      for (int i = 0; i < own.size(); i++) {
        starts[i] = segments.get(i)[0];
        ends[i] = segments.get(i)[1];
      }
      Map<String, List<Object>> found =
          ParameterExtractor.extract(catalog.get(id), scanned, own, starts, ends);
      if (!found.isEmpty()) {
        Map<String, Object> first = new LinkedHashMap<>();
        found.forEach((k, v) -> first.put(k, v.get(0)));
        parameters.put(id, first);
        alternatives.put(id, found);
      }
    }
  }

  private static double confidence(List<String> ids, Map<String, List<PromptSignal>> requested) {
    double sum = 0;
    for (String id : ids) {
      double max = 0;
      for (PromptSignal s : requested.get(id)) {
        max = Math.max(max, s.confidence());
      }
      sum += max;
    }
    return ids.isEmpty() ? 0.0 : Math.min(1.0, sum / ids.size());
  }

  private static String description(List<String> allowed, List<String> escalation) {
    List<String> parts = new ArrayList<>();
    if (!allowed.isEmpty()) {
      parts.add("Allow: " + String.join(", ", allowed));
    }
    if (!escalation.isEmpty()) {
      parts.add("Escalation required: " + String.join(", ", escalation));
    }
    return String.join("; ", parts);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
