package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.core.provider.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  /**
   * Many threads evaluate while another keeps swapping between two policies that disagree on
   * every action: each decision must be exactly what its own policy version says, never a mix.
   */
  @Test
  void everyDecisionComesFromExactlyOnePolicyVersion() throws Exception {
    Policy allowing = TestPolicy.named("A").allow("read_file").forbid("write_file")
        .rule("tmp", "http_get", Outcome.ALLOW, TestPolicy.cond("url", "domain_in", "api.github.com"))
        .build();
    Policy denying = TestPolicy.named("B").forbid("read_file").allow("write_file")
        .rule("tmp", "http_get", Outcome.DENY, TestPolicy.cond("url", "domain_in", "api.github.com"))
        .build();
    Map<String, Map<String, Outcome>> expected = Map.of(
        allowing.version(), Map.of("read_file", Outcome.ALLOW, "write_file", Outcome.DENY,
            "http_get", Outcome.ALLOW),
        denying.version(), Map.of("read_file", Outcome.DENY, "write_file", Outcome.ALLOW,
            "http_get", Outcome.DENY));
    PolicyEngine engine = PolicyEngine.builder().policy(allowing)
        .providerLoader(Fixtures.providerLoader("none")).build();

    int threads = 6;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean evaluating = new AtomicBoolean(true);
    Map<String, Boolean> versionsSeen = new ConcurrentHashMap<>();
    try {
      Future<Integer> reloader = pool.submit(() -> {
        start.await();
        int reloads = 0;
        while (evaluating.get() || reloads < 2) {
          engine.reload(reloads % 2 == 0 ? denying : allowing);
          reloads++;
        }
        return reloads;
      });
      List<Future<List<String>>> workers = new ArrayList<>();
      String[] actions = {"read_file", "write_file", "http_get"};
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          start.await();
          List<String> mismatches = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            String action = actions[i % actions.length];
            Decision d = engine.evaluate(action, Map.of("url", "https://api.github.com/x"));
            versionsSeen.put(d.policyVersion(), true);
            Outcome want = expected.get(d.policyVersion()).get(action);
            if (d.outcome() != want) {
              mismatches.add(action + " under " + d.policyVersion() + ": " + d);
            }
          }
          return mismatches;
        }));
      }
      start.countDown();
      List<String> mismatches = new ArrayList<>();
      for (Future<List<String>> w : workers) {
        mismatches.addAll(w.get(60, TimeUnit.SECONDS));
      }
      evaluating.set(false);
      assertThat(reloader.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
      assertThat(mismatches).isEmpty();
      assertThat(versionsSeen.keySet()).isSubsetOf(expected.keySet());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHungEvaluatorTimesOutToDenyAndItsThreadEndsOnClose() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    PolicyEngine engine = PolicyEngine.builder()
        .policy(TestPolicy.named("t").allow("read_file").build())
        .providerLoader(Fixtures.providerLoader("none"))
        .evaluatorTimeout(Duration.ofMillis(25)).evaluatorThreads(1)
        .evaluator("hangs", (request, policy) -> {
          entered.countDown();
          never.await();
          return new EvaluatorVerdict(Outcome.ALLOW, "too late");
        })
        .build();
    Decision d = engine.evaluate("read_file");
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.reason()).contains("external evaluator 'hangs' timed out after 25 ms");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    List<Thread> threads = engine.externalEvaluators().threads();
    assertThat(threads).hasSize(1).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    engine.close();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThat(engine.evaluate("read_file").reason()).as("closed engines deny")
        .contains("could not be consulted");
  }
}
