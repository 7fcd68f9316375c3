package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.ActionCatalog;
import io.ape.api.CompiledIntent;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Outcome;
import io.ape.api.PolicyView;
import io.ape.spi.IntentCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link IntentCompiler}, as its Javadoc states it, for every compiler to pass.
 * Extend it and supply the compiler, its action catalog and a prompt it maps onto two actions:
 *
 * <pre>{@code
 * class LlmIntentCompilerContractTest extends IntentCompilerContract {
 *   @Override protected ActionCatalog catalog() { return MyActions.catalog(); }
 *   @Override protected IntentCompiler compiler() { return new LlmIntentCompiler(catalog(), scriptedModel()); }
 *   @Override protected NamedPrompt prompt() {
 *     return new NamedPrompt("Read config.json and list /tmp", List.of("read_file", "list_directory"));
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked, with policy views the suite builds: only actions of the catalog appear;
 * an action the policy can never allow ({@link PolicyView#bestOutcome} DENY) is neither allowed
 * nor escalated; one it can only escalate is kept as an escalation (never dropped, never
 * allowed), and is never allowed when escalation is disabled; a policy that forbids every named
 * action raises {@link IntentNarrowingException}; a {@code null} view, and an empty, blank,
 * {@code null}, oversized or unmappable prompt, raise {@link IntentCompilationException} whose
 * message quotes at most a short prefix of the prompt with no control characters; results are
 * deterministic (equal on 32 threads at once), carry the view's policy version and are never
 * {@code null}.
 *
 * @since 0.2.0
 */
public abstract class IntentCompilerContract {
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;
  /** The longest part of a prompt an error message may quote. */
  protected static final int MAX_QUOTED = 200;
  private static final String VERSION = "e".repeat(64);

  /** A prompt and the catalog actions it names. */
  public record NamedPrompt(String text, List<String> actions) {
    public NamedPrompt {
      Objects.requireNonNull(text, "text");
      actions = List.copyOf(actions);
      if (actions.size() < 2) {
        throw new IllegalArgumentException("name at least two actions");
      }
    }
  }

  /** The compiler under test. */
  protected abstract IntentCompiler compiler();

  /** The actions the compiler maps prompts onto. */
  protected abstract ActionCatalog catalog();

  /**
   * A prompt naming at least two actions of the catalog, each of which the compiler allows
   * under {@link IntentCompilerOptions#defaults()} when the policy allows everything (so: low
   * risk, no human review).
   */
  protected abstract NamedPrompt prompt();

  /** A prompt that names no action. */
  protected String unmappablePrompt() {
    return "zqxv wprtk bnmvc";
  }

  @Test
  void aPolicyThatAllowsEverythingKeepsEveryNamedActionAndOnlyCatalogActions() {
    NamedPrompt p = prompt();
    CompiledIntent i = compile(p.text(), view(Map.of(), Outcome.ALLOW), null);
    assertTrue(i.allowedActions().containsAll(p.actions()), "every named action is allowed: "
        + i.allowedActions());
    assertOnlyCatalogActions(i);
    assertEquals(VERSION, i.policyVersion(), "the intent carries the view's policy version");
  }

  @Test
  void anActionThePolicyCanNeverAllowIsNeitherAllowedNorEscalated() {
    NamedPrompt p = prompt();
    String denied = p.actions().get(0);
    CompiledIntent i = compile(p.text(), view(Map.of(denied, Outcome.DENY), Outcome.ALLOW), null);
    assertFalse(i.actions().contains(denied), denied + " is forbidden by the policy but appears in "
        + i.actions());
    assertTrue(i.allowedActions().contains(p.actions().get(1)), "the other action stays allowed");
    assertOnlyCatalogActions(i);
  }

  @Test
  void anActionThePolicyCanOnlyEscalateIsKeptAsAnEscalation() {
    NamedPrompt p = prompt();
    String escalated = p.actions().get(0);
    CompiledIntent i = compile(p.text(), view(Map.of(escalated, Outcome.ESCALATE), Outcome.ALLOW),
        null);
    assertTrue(i.escalationRequired().contains(escalated), escalated
        + " must be kept as an escalation, not dropped: " + i.escalationRequired());
    assertFalse(i.allowedActions().contains(escalated), escalated + " must not be allowed");
  }

  @Test
  void withEscalationDisabledAnEscalateOnlyActionIsNeverAllowed() {
    NamedPrompt p = prompt();
    String escalated = p.actions().get(0);
    IntentCompilerOptions noEscalation = IntentCompilerOptions.defaults().withAllowEscalation(false);
    CompiledIntent i = compile(p.text(), view(Map.of(escalated, Outcome.ESCALATE), Outcome.ALLOW),
        noEscalation);
    assertFalse(i.actions().contains(escalated), escalated + " needs approval, escalation is off,"
        + " so it must not be permitted at all: " + i.actions());
  }

  @Test
  void aPolicyThatForbidsEveryNamedActionRaisesNarrowing() {
    NamedPrompt p = prompt();
    Throwable e = failure(p.text(), view(Map.of(), Outcome.DENY), null, "a deny-all policy");
    assertInstanceOf(IntentNarrowingException.class, e, "a policy that removes every action");
  }

  @Test
  void noPolicyViewIsAnError() {
    failure(prompt().text(), null, null, "a null policy view");
  }

  @Test
  void emptyBlankAndNullPromptsAreErrors() {
    for (String prompt : new String[] {null, "", "   ", "\n\t\u00a0\u2003"}) {
      failure(prompt, view(Map.of(), Outcome.ALLOW), null, "the prompt " + show(prompt));
    }
  }

  @Test
  void anOversizedPromptIsAnErrorThatDoesNotEchoIt() {
    String secret = "SECRET-" + "9".repeat(20);
    String prompt = prompt().text() + " " + "filler ".repeat(10) + secret + " "
        + "more text ".repeat(200_000);
    Throwable e = failure(prompt, view(Map.of(), Outcome.ALLOW), null, "a 2 MB prompt");
    assertQuotesAtMostAShortPrefix(e, secret);
  }

  @Test
  void anUnmappablePromptIsAnErrorThatQuotesOnlyASanitisedPrefix() {
    String secret = "SECRET-" + "7".repeat(20);
    String prompt = "\u001b[2J\u0000\r\n" + unmappablePrompt() + " " + "zz ".repeat(100) + secret;
    Throwable e = failure(prompt, view(Map.of(), Outcome.ALLOW), null, "an unmappable prompt");
    assertQuotesAtMostAShortPrefix(e, secret);
    String m = e.getMessage();
    assertFalse(m.chars().anyMatch(c -> c < 0x20 && c != ' '),
        "the message must not carry control characters of the prompt: " + show(m));
  }

  @Test
  void compilingIsDeterministicAndThreadSafe() {
    NamedPrompt p = prompt();
    PolicyView v = view(Map.of(p.actions().get(0), Outcome.ESCALATE), Outcome.ALLOW);
    CompiledIntent once = compile(p.text(), v, null);
    assertEquals(once, compile(p.text(), v, null), "the same input gives an equal intent");
    List<Concurrently.Result<CompiledIntent>> results = Concurrently.run(THREADS,
        i -> () -> compiler().compile(p.text(), v, IntentCompilerOptions.defaults()));
    for (Concurrently.Result<CompiledIntent> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent compile failed", r.error());
      }
      assertEquals(once, r.value(), "the same input gives an equal intent on every thread");
    }
  }

  // -------------------------------------------------------------------------------- helpers

  /**
   * A policy view answering {@code outcomes} per action and {@code otherwise} for the rest
   * (DENY for a malformed or {@code null} id, as the contract of {@link PolicyView} says).
   */
  protected static PolicyView view(Map<String, Outcome> outcomes, Outcome otherwise) {
    Map<String, Outcome> copy = new HashMap<>(outcomes);
    return new PolicyView() {
      @Override
      public Outcome bestOutcome(String actionId) {
        if (actionId == null || actionId.isBlank()) {
          return Outcome.DENY;
        }
        return copy.getOrDefault(actionId, otherwise);
      }

      @Override
      public String policyVersion() {
        return VERSION;
      }
    };
  }

  private CompiledIntent compile(String prompt, PolicyView view, IntentCompilerOptions options) {
    IntentCompilerOptions o = options == null ? IntentCompilerOptions.defaults() : options;
    CompiledIntent i;
    try {
      i = compiler().compile(prompt, view, o);
    } catch (IntentCompilationException e) {
      return fail("compiling " + show(prompt) + " failed: " + e.getMessage(), e);
    }
    assertNotNull(i, "compile returned null");
    return i;
  }

  private Throwable failure(String prompt, PolicyView view, IntentCompilerOptions options,
      String what) {
    IntentCompilerOptions o = options == null ? IntentCompilerOptions.defaults() : options;
    Concurrently.Result<CompiledIntent> r = Concurrently.within(60, "compiling " + what,
        () -> compiler().compile(prompt, view, o));
    if (r.succeeded()) {
      return fail(what + " must raise IntentCompilationException, but compiled to " + r.value());
    }
    assertInstanceOf(IntentCompilationException.class, r.error(), what
        + " must raise IntentCompilationException, got " + r.error());
    assertNotNull(r.error().getMessage(), what + ": the error has no message");
    return r.error();
  }

  private void assertOnlyCatalogActions(CompiledIntent i) {
    ActionCatalog c = catalog();
    List<String> all = new ArrayList<>(i.actions());
    all.addAll(i.forbiddenActions());
    for (String a : all) {
      assertTrue(c.contains(a), "the intent names '" + a + "', which is not in the catalog");
    }
  }

  private static void assertQuotesAtMostAShortPrefix(Throwable e, String secret) {
    String m = e.getMessage();
    assertFalse(m.contains(secret), "the error message quotes the prompt beyond a short prefix: "
        + show(m));
    assertTrue(m.length() <= 2 * MAX_QUOTED + 300, "the error message is " + m.length()
        + " characters long; quote at most a short prefix of the prompt");
  }

  private static String show(String s) {
    if (s == null) {
      return "null";
    }
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return "\"" + (t.length() > 80 ? t.substring(0, 80) + "…" : t) + "\"";
  }
}
