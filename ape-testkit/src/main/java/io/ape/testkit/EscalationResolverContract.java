package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Outcome;
import io.ape.api.ParameterHash;
import io.ape.api.TokenBinding;
import io.ape.spi.EscalationResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EscalationResolver}, as its Javadoc states it, for every resolver to
 * pass. Extend it and supply the resolver, configured as in production or scripted to answer
 * (a resolver that asks a person is given a scripted person):
 *
 * <pre>{@code
 * class SlackEscalationResolverContractTest extends EscalationResolverContract {
 *   @Override protected EscalationResolver resolver() {
 *     return new SlackEscalationResolver(scriptedSlackThatApprovesEverything());
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: every request gets an answer (never {@code null}) within
 * {@link #answerWithinSeconds()}, also requests an attacker shapes (odd action ids, huge and
 * nested parameters, control characters); an approval is bound to the request it answers (its
 * parameter hash is that request's, also when 32 requests are resolved at once, so an approval
 * can never be carried over to another request); a denial says why. A resolver may throw (the
 * engine treats it as a denial), but may not return {@code null}.
 *
 * @since 0.2.0
 */
public abstract class EscalationResolverContract {
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;
  private static final String POLICY = "a".repeat(64);

  /** The resolver under test. */
  protected abstract EscalationResolver resolver();

  /** How long one answer may take (the engine's escalation timeout in the test setting). */
  protected long answerWithinSeconds() {
    return 10;
  }

  @Test
  void answersEveryRequest() {
    EscalationResolver r = resolver();
    for (EscalationRequest request : requests()) {
      resolve(r, request);
    }
  }

  @Test
  void anApprovalIsBoundToTheRequestItAnswers() {
    EscalationResolver r = resolver();
    for (EscalationRequest request : requests()) {
      EscalationResolution answer = resolve(r, request);
      if (answer != null) {
        assertBound(request, answer);
      }
    }
  }

  @Test
  void concurrentRequestsGetTheirOwnAnswers() {
    EscalationResolver r = resolver();
    List<EscalationRequest> requests = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      requests.add(request("req-" + i, "deploy_service", Map.of("service", "svc-" + i, "n", i)));
    }
    List<Concurrently.Result<EscalationResolution>> results = Concurrently.run(THREADS,
        i -> () -> r.resolve(requests.get(i)));
    for (int i = 0; i < THREADS; i++) {
      Concurrently.Result<EscalationResolution> res = results.get(i);
      if (res.succeeded()) {
        assertNotNull(res.value(), "resolve returned null for " + requests.get(i).requestId());
        assertBound(requests.get(i), res.value());
      }
    }
  }

  /** The requests every test sends. */
  protected List<EscalationRequest> requests() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, 2.5, "x", List.of(Map.of("k", "v"))));
    nested.put("text", "line1\nline2\u0000\u001b[31m\u202e");
    return List.of(
        request("req-1", "deploy_service", Map.of("service", "billing", "version", "1.2.3")),
        request("req-2", "delete_file", Map.of("path", "/srv/data/report.csv")),
        request("req-3", "send_email", Map.of()),
        request("req-4", "write_file", Map.of("path", "/tmp/x", "content", "y".repeat(100_000))),
        request("req-5", "http_post", nested),
        request("req-6", "a".repeat(200), Map.of("k", "\uD83D\uDE00")));
  }

  /** An escalation request for {@code action} with {@code params} in tenant acme. */
  protected static EscalationRequest request(String id, String action, Map<String, ?> params) {
    Decision escalate = new Decision(Outcome.ESCALATE, action, "needs approval", "r-escalate",
        List.of(), POLICY, DecisionSource.RULE);
    TokenBinding binding = new TokenBinding("acme", "sess-1", "1".repeat(64), "2".repeat(64), 0,
        action, action, ParameterHash.of(params));
    @SuppressWarnings("unchecked")
    Map<String, Object> p = (Map<String, Object>) params;
    return new EscalationRequest(id, escalate, binding, p,
        Instant.parse("2026-01-01T10:00:00Z"));
  }

  private EscalationResolution resolve(EscalationResolver r, EscalationRequest request) {
    Concurrently.Result<EscalationResolution> res = Concurrently.within(answerWithinSeconds(),
        "resolve(" + request.requestId() + ")", () -> r.resolve(request));
    if (!res.succeeded()) {
      return null; // a throw is a denial: allowed
    }
    assertNotNull(res.value(), "resolve returned null for " + request.requestId()
        + "; answer with a denial instead");
    return res.value();
  }

  private static void assertBound(EscalationRequest request, EscalationResolution answer) {
    if (answer.approved()) {
      assertEquals(request.parametersHash(), answer.parametersHash(), "an approval of "
          + request.requestId() + " must carry that request's parameter hash");
    } else {
      assertNotNull(answer.reason(), "a denial says why");
    }
  }
}
