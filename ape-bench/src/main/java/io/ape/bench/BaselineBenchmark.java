package io.ape.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor DESIGN §10 compares {@code evaluate} with: one hash lookup in a map of 10 000
 * actions plus one {@code startsWith}, nothing else. Run beside {@link EvaluateBenchmark}, it
 * shows what the machine (and its load at the time) makes of the cheapest possible decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BaselineBenchmark {
  private final Map<String, String> prefixes = new HashMap<>();
  private String actionId;
  private String value;

  /** Fills the map with 10 000 actions and picks one in the middle. */
  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < 10_000; i++) {
      prefixes.put("read_" + i, "/srv/tenant" + i + "/");
    }
    actionId = "read_5000";
    value = "/srv/tenant5000/reports/q3.csv";
  }

  /** A hash lookup and a {@code startsWith}. */
  @Benchmark
  public boolean hashLookupAndStartsWith() {
    String prefix = prefixes.get(actionId);
    return prefix != null && value.startsWith(prefix);
  }
}
