/**
 * The APE engine: the {@code io.ape.engine} facade and the manual-path building blocks
 * ({@code io.ape.core.*}). The {@code io.ape.core.internal} packages are not exported.
 *
 * <p>Plugins are found with {@link java.util.ServiceLoader}: this module {@code uses} every
 * provider interface of {@code io.ape.spi}, and provides its own in-memory defaults.
 *
 * @since 0.2.0
 */
module io.ape.core {
  requires transitive io.ape.api;
  requires org.slf4j;
  requires re2j;
  // Optional: .yaml engine configuration files are read only when SnakeYAML is present.
  requires static org.yaml.snakeyaml;

  exports io.ape.engine;
  exports io.ape.core.actions;
  exports io.ape.core.audit;
  exports io.ape.core.authority;
  exports io.ape.core.canonical;
  exports io.ape.core.compiler;
  exports io.ape.core.enforcement;
  exports io.ape.core.escalation;
  exports io.ape.core.intent;
  exports io.ape.core.model;
  exports io.ape.core.orchestrator;
  exports io.ape.core.plan;
  exports io.ape.core.planning;
  exports io.ape.core.policy;
  exports io.ape.core.policy.operator;
  exports io.ape.core.provenance;
  exports io.ape.core.provider;
  exports io.ape.core.ratelimit;
  exports io.ape.core.runtime;
  exports io.ape.core.session;
  exports io.ape.core.state;
  // the adapters' shared tool registrar, for the adapter modules only
  exports io.ape.core.internal.adapter to io.ape.langchain4j, io.ape.springai, io.ape.mcpsdk;

  uses io.ape.spi.AuditSinkProvider;
  uses io.ape.spi.AuthorityIssuerProvider;
  uses io.ape.spi.ConditionOperatorProvider;
  uses io.ape.spi.EscalationResolverProvider;
  uses io.ape.spi.IntentCompilerProvider;
  uses io.ape.spi.PolicyEvaluatorProvider;
  uses io.ape.spi.PolicyParserProvider;
  uses io.ape.spi.ToolAdapterProvider;
  uses io.ape.spi.state.SharedStateProvider;

  provides io.ape.spi.AuditSinkProvider with io.ape.core.audit.InMemoryAuditSinkProvider;
  provides io.ape.spi.AuthorityIssuerProvider
      with io.ape.core.authority.InMemoryAuthorityIssuerProvider;
  provides io.ape.spi.EscalationResolverProvider
      with io.ape.core.escalation.DenyAllEscalationResolverProvider;
  provides io.ape.spi.IntentCompilerProvider
      with io.ape.core.compiler.PatternIntentCompilerProvider;
  provides io.ape.spi.ToolAdapterProvider
      with io.ape.core.enforcement.FunctionToolAdapterProvider;
  provides io.ape.spi.state.SharedStateProvider
      with io.ape.core.state.InMemorySharedStateProvider;
}
