package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ape.api.ActionRequest;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.api.SourceLocation;
import io.ape.spi.PolicyEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PolicyEvaluator}, as its Javadoc states it, for every external
 * evaluator to pass. Extend it and supply the evaluator (pointed at a test instance of its
 * service, or a scripted one):
 *
 * <pre>{@code
 * class OpaPolicyEvaluatorContractTest extends PolicyEvaluatorContract {
 *   @Override protected PolicyEvaluator evaluator() { return new OpaPolicyEvaluator(testOpaUrl()); }
 * }
 * }</pre>
 *
 * <p>What is checked: every request, including ones an attacker shapes (malformed action ids,
 * huge and nested parameters, control characters, untrusted provenance, another tenant), is
 * answered with a verdict (never {@code null}) or an exception (the engine treats it as DENY)
 * within {@link #answerWithinSeconds()}; the evaluator is thread-safe and deterministic: 32
 * threads asking at once get the verdict a single caller gets.
 *
 * @since 0.2.0
 */
public abstract class PolicyEvaluatorContract {
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;

  /** The evaluator under test. */
  protected abstract PolicyEvaluator evaluator();

  /** The policy the requests were ALLOWed by (override to use your own). */
  protected Policy policy() {
    PolicyRule rule = new PolicyRule("read-tmp", "read_file", Outcome.ALLOW, List.of(), null, "",
        new SourceLocation("contract-test.yaml", 5, 3));
    return new Policy("contract-test", "1", "", Outcome.DENY, List.of("list_directory"),
        List.of(), List.of(), List.of(rule), Map.of(), Map.of(), null, null,
        new PolicySource("contract-test.yaml", "yaml", "f".repeat(64)));
  }

  /** How long one verdict may take (the engine's evaluator timeout in the test setting). */
  protected long answerWithinSeconds() {
    return 10;
  }

  /** The requests every test sends. */
  protected List<ActionRequest> requests() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, 2.5, "x", List.of(Map.of("k", "v"))));
    nested.put("text", "line1\nline2\u0000\u001b[31m\u202e");
    RequestContext other = new RequestContext("other-tenant", "sess-9", Provenance.USER_TRUSTED,
        Map.of("role", "admin"));
    List<ActionRequest> l = new ArrayList<>();
    l.add(ActionRequest.of("read_file", Map.of("path", "/tmp/a.txt")));
    l.add(ActionRequest.of("read_file"));
    l.add(ActionRequest.of("list_directory", Map.of("path", "/tmp"), other));
    l.add(ActionRequest.of("read_file", nested));
    l.add(ActionRequest.of("read_file", Map.of("path", "x".repeat(100_000))));
    l.add(ActionRequest.of("../../etc/passwd", Map.of()));
    l.add(ActionRequest.of("", Map.of()));
    l.add(ActionRequest.of("read_file\u0000", Map.of("path", "/tmp/a.txt")));
    return l;
  }

  @Test
  void everyRequestGetsAVerdictOrAnExceptionInTime() {
    PolicyEvaluator e = evaluator();
    Policy p = policy();
    for (ActionRequest r : requests()) {
      verdict(e, r, p);
    }
  }

  @Test
  void concurrentCallersGetTheVerdictASingleCallerGets() {
    PolicyEvaluator e = evaluator();
    Policy p = policy();
    for (ActionRequest r : requests()) {
      Concurrently.Result<EvaluatorVerdict> single = verdict(e, r, p);
      List<Concurrently.Result<EvaluatorVerdict>> results = Concurrently.run(THREADS,
          i -> () -> e.evaluate(r, p));
      for (Concurrently.Result<EvaluatorVerdict> got : results) {
        if (single.succeeded()) {
          assertNotNull(got.value(), "a concurrent call of " + r.actionId() + " failed ("
              + got.error() + ") where a single call answered");
          assertEquals(single.value().outcome(), got.value().outcome(),
              "the verdict for " + r.actionId() + " under concurrency");
        }
      }
    }
  }

  private Concurrently.Result<EvaluatorVerdict> verdict(PolicyEvaluator e, ActionRequest r,
      Policy p) {
    Concurrently.Result<EvaluatorVerdict> res = Concurrently.within(answerWithinSeconds(),
        "evaluate(" + r.actionId() + ")", () -> e.evaluate(r, p));
    if (res.succeeded()) {
      assertNotNull(res.value(), "evaluate returned null for " + r.actionId()
          + "; answer DENY (or throw) instead");
      assertNotNull(res.value().outcome(), "a verdict has an outcome");
    }
    return res;
  }
}
