/**
 * Contract suites for APE plugins: one abstract JUnit 5 test class per SPI, encoding that SPI's
 * Javadoc as tests. A plugin's own test extends the suite and supplies the component; every
 * built-in provider of APE runs the same suites.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.ape</groupId>
 *   <artifactId>ape-testkit</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <table>
 *   <caption>The suites</caption>
 *   <tr><th>SPI</th><th>Suite</th><th>You supply</th></tr>
 *   <tr><td>{@link io.ape.spi.AuthorityIssuer}</td><td>{@link io.ape.testkit.AuthorityIssuerContract}</td>
 *       <td>the issuer, on a clock the suite moves</td></tr>
 *   <tr><td>{@link io.ape.spi.AuditSink}</td><td>{@link io.ape.testkit.AuditSinkContract}</td>
 *       <td>a new sink; optionally read-back and failure injection</td></tr>
 *   <tr><td>{@link io.ape.spi.PolicyParser}</td><td>{@link io.ape.testkit.PolicyParserContract}</td>
 *       <td>the parser, a valid document, malformed documents with their lines</td></tr>
 *   <tr><td>{@link io.ape.spi.ConditionOperator}</td><td>{@link io.ape.testkit.ConditionOperatorContract}</td>
 *       <td>one {@link io.ape.testkit.OperatorCase} per operator</td></tr>
 *   <tr><td>{@link io.ape.spi.ToolAdapter}</td><td>{@link io.ape.testkit.ToolAdapterContract}</td>
 *       <td>the adapter and a framework tool wrapping a behaviour</td></tr>
 *   <tr><td>{@link io.ape.spi.EscalationResolver}</td><td>{@link io.ape.testkit.EscalationResolverContract}</td>
 *       <td>the resolver (with a scripted approver)</td></tr>
 *   <tr><td>{@link io.ape.spi.IntentCompiler}</td><td>{@link io.ape.testkit.IntentCompilerContract}</td>
 *       <td>the compiler, its catalog and a prompt naming two actions</td></tr>
 *   <tr><td>{@link io.ape.spi.PolicyEvaluator}</td><td>{@link io.ape.testkit.PolicyEvaluatorContract}</td>
 *       <td>the evaluator</td></tr>
 *   <tr><td>{@link io.ape.spi.state.SharedState}</td><td>{@link io.ape.testkit.SharedStateContract}</td>
 *       <td>a new, empty state on a clock the suite moves; optionally an unavailable one</td></tr>
 * </table>
 *
 * <p>Find the component through {@link io.ape.testkit.Providers#load} (as the engine finds it)
 * to test the registration in {@code META-INF/services} too. The suites need JUnit Jupiter only
 * (no other test library), run their concurrent tests on 32 threads released together, never
 * sleep (time is a {@link io.ape.testkit.MutableClock}), and fail, rather than hang, when a
 * component does not answer.
 *
 * @since 0.2.0
 */
package io.ape.testkit;
