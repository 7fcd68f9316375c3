/**
 * Contract test suites for APE plugin authors ({@code io.ape.testkit}), on JUnit Jupiter.
 *
 * @since 0.2.0
 */
module io.ape.testkit {
  requires transitive io.ape.api;
  requires transitive org.junit.jupiter.api;

  exports io.ape.testkit;

  // Providers.load finds a plugin's provider of any SPI the way the engine does.
  uses io.ape.spi.AuditSinkProvider;
  uses io.ape.spi.AuthorityIssuerProvider;
  uses io.ape.spi.ConditionOperatorProvider;
  uses io.ape.spi.EscalationResolverProvider;
  uses io.ape.spi.IntentCompilerProvider;
  uses io.ape.spi.PolicyEvaluatorProvider;
  uses io.ape.spi.PolicyParserProvider;
  uses io.ape.spi.ToolAdapterProvider;
  uses io.ape.spi.state.SharedStateProvider;
}
