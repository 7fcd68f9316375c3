package io.ape.bench;

import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import io.ape.core.policy.PolicyEngine;
import io.ape.policy.yaml.PolicyParsers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a policy of {@code rules} rules (see {@link PolicyFixtures#rulesPolicy(int)}): parse
 * the YAML bytes and compile ({@link #parseAndCompile()}, the DESIGN §10 target: under
 * 500 ms for 10 000 rules), compile a parsed policy alone ({@link #compile()}:
 * {@code PolicyEngine.of}, which validates, compiles conditions and regexes, precomputes the
 * decisions and builds the index), and parse alone ({@link #parse()}).
 *
 * <p>Single-shot: each iteration is one load, as in an application, so the figures include
 * whatever the JIT has not yet compiled; the first measured iteration after a small warmup is
 * close to what a freshly started process pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PolicyLoadBenchmark {
  /** The number of rules (and actions) of the policy. */
  @Param({"10000"})
  public int rules;

  private byte[] yaml;
  private String sourceName;
  private Policy parsed;

  /** Generates the YAML bytes and parses them once for {@link #compile()}. */
  @Setup(Level.Trial)
  public void setUp() {
    yaml = PolicyFixtures.bytes(PolicyFixtures.rulesPolicy(rules));
    sourceName = "bench-" + rules + "-rules.yaml";
    parsed = parse();
  }

  /** Parses the YAML bytes and compiles the policy into an engine. */
  @Benchmark
  public PolicyEngine parseAndCompile() {
    return PolicyEngine.of(parse());
  }

  /** Compiles the parsed policy into an engine. */
  @Benchmark
  public PolicyEngine compile() {
    return PolicyEngine.of(parsed);
  }

  /** Parses the YAML bytes into a validated policy. */
  @Benchmark
  public Policy parse() {
    return PolicyParsers.yaml().parse(yaml, sourceName, PolicyLimits.defaults());
  }
}
