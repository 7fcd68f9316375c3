/**
 * JMH benchmarks for APE, measured against the targets of DESIGN §10 and reported in
 * {@code BENCHMARKS.md}.
 *
 * <ul>
 *   <li>{@link io.ape.bench.EvaluateBenchmark}: {@code PolicyEngine.evaluate} on generated
 *       policies of 10 and 10 000 actions, through every decision path (lists, rules with
 *       {@code prefix}, {@code path_within} and {@code domain_in} conditions, the default);</li>
 *   <li>{@link io.ape.bench.PolicyLoadBenchmark}: parsing (YAML) and compiling a policy of
 *       10 000 rules;</li>
 *   <li>{@link io.ape.bench.BaselineBenchmark}: a bare hash lookup plus {@code startsWith},
 *       the floor the evaluation figures are compared with.</li>
 * </ul>
 *
 * <p>Build with {@code mvn -pl ape-bench -am package} and run, for example,
 * {@code java -jar ape-bench/target/benchmarks.jar EvaluateBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 * The policies are generated as YAML text and read by the real parser, so the benchmarks
 * measure exactly what an application loading a policy file gets.
 */
package io.ape.bench;
