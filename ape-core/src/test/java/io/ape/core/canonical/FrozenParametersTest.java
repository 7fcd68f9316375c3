package io.ape.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ParameterValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The parameter copies of {@link ParameterValues#copyOf} are frozen: they are not copied again
 * and a value derived from them ({@link ParameterValues#derive}, e.g. the parameter hash a token
 * is bound to) is computed once, without letting anybody plant a wrong value.
 */
class FrozenParametersTest {

  @Test
  void aCopyIsNotCopiedAgain() {
    Map<String, Object> copy = ParameterValues.copyOf(Map.of("path", "/tmp/a"));
    assertThat(ParameterValues.copyOf(copy)).isSameAs(copy);
  }

  @Test
  void aCopyCannotBeChangedThroughAnyView() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("path", "/tmp/a");
    source.put("tags", new ArrayList<>(List.of("x")));
    Map<String, Object> copy = ParameterValues.copyOf(source);
    assertThatThrownBy(() -> copy.put("path", "/etc/passwd"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.remove("path")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("/etc/passwd"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> tags = (List<Object>) copy.get("tags");
    assertThatThrownBy(() -> tags.add("y")).isInstanceOf(UnsupportedOperationException.class);
    source.put("path", "/etc/passwd");
    ((List<Object>) source.get("tags")).add("y");
    assertThat(copy).isEqualTo(Map.of("path", "/tmp/a", "tags", List.of("x")));
  }

  @Test
  void aCopyIsAnOrdinaryMapForEqualityAndOrder() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("b", 1);
    source.put("a", Map.of("c", true));
    Map<String, Object> copy = ParameterValues.copyOf(source);
    assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(copy.keySet()).containsExactly("b", "a");
    assertThat(copy.get("a")).isEqualTo(Map.of("c", true));
    assertThat(copy.containsKey("b")).isTrue();
    assertThat(copy.get("missing")).isNull();
  }

  @Test
  void aDerivedValueIsComputedOncePerCopyAndFunction() {
    AtomicInteger calls = new AtomicInteger();
    Function<Map<String, ?>, String> hash = p -> {
      calls.incrementAndGet();
      return Sha256.ofCanonical(p);
    };
    Map<String, Object> copy = ParameterValues.copyOf(Map.of("path", "/tmp/a"));
    String first = ParameterValues.derive(copy, hash);
    String second = ParameterValues.derive(copy, hash);
    assertThat(second).isEqualTo(first).isEqualTo(Sha256.ofCanonical(Map.of("path", "/tmp/a")));
    assertThat(calls).hasValue(1);
  }

  @Test
  void aMutableMapIsDerivedAgainEveryTime() {
    AtomicInteger calls = new AtomicInteger();
    Function<Map<String, ?>, Integer> size = p -> {
      calls.incrementAndGet();
      return p.size();
    };
    Map<String, Object> mutable = new LinkedHashMap<>(Map.of("path", "/tmp/a"));
    assertThat(ParameterValues.derive(mutable, size)).isEqualTo(1);
    mutable.put("mode", "w");
    assertThat(ParameterValues.derive(mutable, size)).isEqualTo(2);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aValuePlantedWithAnotherFunctionIsNeverReturnedAsTheParameterHash() {
    Map<String, Object> copy = ParameterValues.copyOf(Map.of("path", "/etc/passwd"));
    String forged = ApeHashes.parametersHash(Map.of("path", "/tmp/harmless"));
    // An attacker derives a value first, with a function of its own that returns a forged hash.
    Function<Map<String, ?>, String> plant = p -> forged;
    assertThat(ParameterValues.derive(copy, plant)).isEqualTo(forged);
    assertThat(ApeHashes.parametersHash(copy))
        .isEqualTo(Sha256.ofCanonical(Map.of("path", "/etc/passwd")))
        .isNotEqualTo(forged);
  }

  @Test
  void theParameterHashOfACopyEqualsTheHashOfItsSource() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("z", List.of(1, 2.5, "x"));
    source.put("a", Map.of("k", false));
    Map<String, Object> copy = ParameterValues.copyOf(source);
    assertThat(ApeHashes.parametersHash(copy)).isEqualTo(ApeHashes.parametersHash(source));
    assertThat(ApeHashes.parametersHash(copy)).isEqualTo(ApeHashes.parametersHash(copy));
  }

  @Test
  void threadsDerivingAtOnceAllSeeTheSameHash() throws Exception {
    Map<String, Object> copy = ParameterValues.copyOf(Map.of("path", "/tmp/a", "n", 7));
    String expected = Sha256.ofCanonical(Map.of("path", "/tmp/a", "n", 7));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return ApeHashes.parametersHash(copy);
        }));
      }
      start.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> f : results) {
        seen.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(seen).containsExactly(expected);
    } finally {
      pool.shutdownNow();
    }
  }
}
