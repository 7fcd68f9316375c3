package io.ape.core.attacks;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PlanStep;
import io.ape.api.TokenBinding;
import io.ape.api.TokenConsumedException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.testing.RecordingTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Single use under contention: of any number of concurrent consumers exactly one wins. */
class TokenRaceTest {
  private static final int THREADS = 32;

  @Test
  void thirtyTwoThreadsRacingToConsumeOneTokenHaveExactlyOneWinnerInEachOf10000Rounds()
      throws Exception {
    Fixture f = new Fixture();
    Map<String, Object> params = Map.of("path", "/tmp/x");
    TokenBinding binding = new TokenBinding("default", "s", Sha256.hex("i"), Sha256.hex("p"), 0,
        "read_file", "read_file", ApeHashes.parametersHash(params));
    Decision allow = new Decision(Outcome.ALLOW, "read_file", "ok", null, List.of(),
        f.policy.policyVersion(), DecisionSource.RULE);
    int rounds = 10_000;
    AtomicReference<AuthorityToken> token = new AtomicReference<>();
    AtomicInteger winners = new AtomicInteger();
    AtomicInteger round = new AtomicInteger();
    List<Integer> winnersPerRound = new ArrayList<>(rounds);
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    // the barrier action runs once all threads finished the previous round
    CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> {
      if (round.getAndIncrement() > 0) {
        winnersPerRound.add(winners.getAndSet(0));
      }
      token.set(f.issuer.issue(binding, params, allow));
    });
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread th = new Thread(() -> {
        try {
          for (int r = 0; r < rounds; r++) {
            barrier.await();
            try {
              f.issuer.consume(token.get(), binding, allow.policyVersion());
              winners.incrementAndGet();
            } catch (TokenConsumedException lost) {
              // lost the race: expected for all but one thread
            }
          }
          barrier.await();
        } catch (Throwable e) {
          unexpected.add(e);
          barrier.reset();
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(unexpected).isEmpty();
    assertThat(winnersPerRound).hasSize(rounds).allMatch(w -> w == 1);
    assertThat(f.issuer.outstanding()).isEqualTo(1); // the token issued by the final barrier trip
  }

  @Test
  void thirtyTwoThreadsRacingThroughTheGateRunTheToolExactlyOncePerToken() throws Exception {
    Fixture f = new Fixture();
    RecordingTool tool = new RecordingTool();
    f.tools.register("read_file", tool, false);
    f.policy.allow("read_file");
    int rounds = 300;
    PlanStep[] steps = new PlanStep[rounds];
    for (int i = 0; i < rounds; i++) {
      steps[i] = step("read_file", Map.of("path", "file-" + i));
    }
    Run r = f.run();
    r.executing(r.intent("read_file"), r.plan(steps));
    AtomicReference<AuthorityToken> token = new AtomicReference<>();
    AtomicInteger round = new AtomicInteger();
    AtomicInteger winners = new AtomicInteger();
    List<Integer> winnersPerRound = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> {
      int k = round.getAndIncrement();
      if (k > 0) {
        winnersPerRound.add(winners.getAndSet(0));
      }
      if (k < rounds) {
        token.set(r.issue(k));
      }
    });
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread th = new Thread(() -> {
        try {
          for (int k = 0; k < rounds; k++) {
            barrier.await();
            try {
              r.gate.execute(token.get());
              winners.incrementAndGet();
            } catch (TokenConsumedException | UnauthorizedActionException lost) {
              // lost the race
            }
          }
          barrier.await();
        } catch (Throwable e) {
          unexpected.add(e);
          barrier.reset();
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(unexpected).isEmpty();
    assertThat(winnersPerRound).hasSize(rounds).allMatch(w -> w == 1);
    assertThat(tool.count()).isEqualTo(rounds);
    List<Object> paths = new ArrayList<>();
    tool.calls().forEach(c -> paths.add(c.get("path")));
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      expected.add("file-" + i);
    }
    assertThat(paths).containsExactlyElementsOf(expected);
  }
}
