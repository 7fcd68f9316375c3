package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The shared parser instances are stateless: concurrent parses give identical results. */
class ConcurrentParsingTest {
  @Test
  void concurrentParsesOfOneDocumentAreIdentical() throws Exception {
    byte[] content = PolicyFormatTest.FULL_YAML.getBytes(StandardCharsets.UTF_8);
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Policy>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          List<Policy> out = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            out.add(PolicyParsers.yaml().parse(content, "same.yaml", PolicyLimits.defaults()));
          }
          return out;
        }));
      }
      Policy reference = PolicyParsers.yaml().parse(content, "same.yaml", PolicyLimits.defaults());
      for (Future<List<Policy>> future : futures) {
        assertThat(future.get()).allSatisfy(p -> assertThat(p).isEqualTo(reference));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
