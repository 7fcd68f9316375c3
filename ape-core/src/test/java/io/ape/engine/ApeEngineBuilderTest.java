package io.ape.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AmbiguousProviderException;
import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuthorityToken;
import io.ape.api.CallStatus;
import io.ape.api.Decision;
import io.ape.api.EscalationResolution;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Provenance;
import io.ape.api.ProviderNotFoundException;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import io.ape.api.TokenBinding;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.state.InMemorySharedState;
import io.ape.core.testing.MutableClock;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.AuthorityIssuerProvider;
import io.ape.spi.EscalationResolver;
import io.ape.spi.EscalationResolverProvider;
import io.ape.spi.PolicyEvaluator;
import io.ape.spi.PolicyEvaluatorProvider;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building an engine: options once, configuration checked, every SPI selected for real. */
class ApeEngineBuilderTest {
  @TempDir
  Path dir;
  final MutableClock clock = EngineTestSupport.clock();

  Path policy() {
    return EngineTestSupport.write(dir, "support.yaml", EngineTestSupport.SUPPORT);
  }

  // ------------------------------------------------------------------------- set once, no I/O

  @Test
  void everyOptionCanBeSetOnceAndConflictingOptionsAreRefusedAtOnce() {
    ApeEngine.Builder b = ApeEngine.builder().policyFile(dir.resolve("a.yaml"));
    assertThatThrownBy(() -> b.policyFile(dir.resolve("b.yaml")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("policyFile");
    assertThatThrownBy(() -> b.policy(io.ape.core.policy.PolicyEngine.fromFile(policy()).policy()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("conflicts with policyFile");
    b.clock(clock).tenant("acme").configuration(Map.of()).systemProperties()
        .escalationTimeout(Duration.ofSeconds(1));
    assertThatThrownBy(() -> b.clock(clock)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.tenant("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.configuration(Map.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::systemProperties).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.escalationTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ApeEngine.builder().escalationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingIsReadBeforeBuild() {
    Path missingPolicy = dir.resolve("nowhere.yaml");
    Path missingConfig = dir.resolve("nowhere.properties");
    ApeEngine.Builder b = ApeEngine.builder().policyFile(missingPolicy)
        .configurationFile(missingConfig);
    assertThatThrownBy(b::build).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("nowhere.properties").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(missingPolicy).build())
        .isInstanceOf(io.ape.api.PolicyNotFoundException.class);
    assertThatThrownBy(() -> ApeEngine.builder().build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("needs a policy");
  }

  @Test
  void theOrchestratorBuilderLoadsNothingInItsSettersAndTakesThePolicyOnce() {
    ApeOrchestrator.Builder b = ApeOrchestrator.builder().policyFile(dir.resolve("nowhere.yaml"));
    assertThatThrownBy(() -> b.policyFile(policy())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already given");
    assertThatThrownBy(b::build).isInstanceOf(io.ape.api.PolicyNotFoundException.class);
    try (ApeOrchestrator o = ApeOrchestrator.builder().policyFile(policy()).clock(clock).build()) {
      assertThat(o.policyEngine().policy().name()).isEqualTo("support");
    }
  }

  // --------------------------------------------------------------------------- configuration

  @Test
  void anUnknownApeKeyIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.audit.sink", "jsonl")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.audit.sink");
    Path file = EngineTestSupport.write(dir, "ape.properties", "ape.escalaton.timeout=5s\n");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy()).configurationFile(file)
        .build()).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.escalaton.timeout");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("audit.sinks", "jsonl")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("not an ape.*");
    String key = "ape.engine-test.no-such-key";
    System.setProperty(key, "x");
    try {
      assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy()).systemProperties().build())
          .isInstanceOf(ApeConfigurationException.class).hasMessageContaining(key);
    } finally {
      System.clearProperty(key);
    }
  }

  @Test
  void aConfiguredProviderThatIsNotOnTheClassPathNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.audit.sinks", "jsonl", "ape.audit.jsonl.path", "a.jsonl"))
        .build()).isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("jsonl").hasMessageContaining("io.ape:ape-audit");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.state", "redis")).build())
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("io.ape:ape-redis");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.authority.issuer", "hmac")).build())
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("hmac");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.compiler", "llm")).build())
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("llm");
  }

  @Test
  void settingsOfASinkOrStateThatIsNotEnabledAreRefusedNotIgnored() {
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.audit.memory.capacity", "10")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("not enabled");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.audit.hmac.key-file", "k")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("jsonl");
    try (ApeEngine e = ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.audit.sinks", "memory", "ape.audit.memory.capacity", "10",
            "ape.state.memory.max-entries", "1000")).build()) {
      assertThat(e.audit().sinks()).hasSize(2);
    }
  }

  @Test
  void propertiesAndYamlFilesAreReadWithTheMapWinningOverSystemPropertiesOverTheFile() {
    Path props = EngineTestSupport.write(dir, "ape.properties",
        "# engine\nape.tenant = acme\nape.escalation.timeout = 2s\nape.policy.file = "
            + policy().toString().replace("\\", "/") + "\n");
    try (ApeEngine e = ApeEngine.builder().configurationFile(props).build()) {
      assertThat(e.tenant()).isEqualTo("acme");
      assertThat(e.policyEngine().policy().name()).isEqualTo("support");
    }
    Path yaml = EngineTestSupport.write(dir, "ape.yaml", """
        ape:
          tenant: acme
          audit:
            sinks: [memory]
            memory: { capacity: 100 }
        """);
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).configurationFile(yaml)
        .configuration(Map.of("ape.tenant", "globex")).build()) {
      assertThat(e.tenant()).isEqualTo("globex");
      assertThat(e.configuration()).containsEntry("ape.audit.sinks", "memory")
          .containsEntry("ape.audit.memory.capacity", "100");
    }
    System.setProperty("ape.tenant", "initech");
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).configurationFile(props)
        .systemProperties().build()) {
      assertThat(e.tenant()).isEqualTo("initech");
    } finally {
      System.clearProperty("ape.tenant");
    }
  }

  @Test
  void malformedConfigurationFilesAreRefused() {
    Path twice = EngineTestSupport.write(dir, "twice.properties", "ape.tenant=a\nape.tenant=b\n");
    Path alias = EngineTestSupport.write(dir, "alias.yaml",
        "base: &b { tenant: a }\nape: *b\n");
    Path dup = EngineTestSupport.write(dir, "dup.yaml", "ape.tenant: a\nape:\n  tenant: b\n");
    Path other = EngineTestSupport.write(dir, "ape.json", "{}");
    Path notApe = EngineTestSupport.write(dir, "x.properties", "server.port=80\n");
    for (Path p : List.of(twice, alias, dup, other, notApe)) {
      assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy()).configurationFile(p)
          .build()).as(p.toString()).isInstanceOf(ApeConfigurationException.class);
    }
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.escalation.timeout", "soon")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("soon");
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .configuration(Map.of("ape.enforcement.mode", "disabled")).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("allowDisabledMode");
  }

  // ------------------------------------------------------------------------ every SPI is real

  @Test
  void theConfiguredAuthorityIssuerIssuesTheTokens() {
    CountingIssuerProvider counting = new CountingIssuerProvider();
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).clock(clock)
        .providerLoader(EngineTestSupport.withExtra(counting))
        .configuration(Map.of("ape.authority.issuer", "counting")).build()) {
      e.registerTool(ToolRegistration.of("note", args -> "ok").withRisk(RiskLevel.LOW));
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("note", Map.of()).status()).isEqualTo(CallStatus.EXECUTED);
      assertThat(counting.issued).hasValue(1);
    }
    // two issuers of equal priority and none configured: refused, never class-path order
    assertThatThrownBy(() -> ApeEngine.builder().policyFile(policy())
        .providerLoader(EngineTestSupport.withExtra(new CountingIssuerProvider())).build())
        .isInstanceOf(AmbiguousProviderException.class).hasMessageContaining("counting")
        .hasMessageContaining("in-memory");
  }

  @Test
  void theConfiguredEscalationResolverAnswersEscalations() {
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).clock(clock)
        .providerLoader(EngineTestSupport.withExtra(new ApproveAllProvider()))
        .configuration(Map.of("ape.escalation.resolver", "approve-all")).build()) {
      e.registerTool(ToolRegistration.of("refund", args -> "refunded").withRisk(RiskLevel.MODERATE));
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("refund", Map.of()).status()).isEqualTo(CallStatus.EXECUTED);
    }
  }

  @Test
  void theConfiguredAuditSinksRecordEveryEvent() {
    RecordingSinkProvider recording = new RecordingSinkProvider();
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).clock(clock)
        .providerLoader(EngineTestSupport.withExtra(recording))
        .configuration(Map.of("ape.audit.sinks", "recording")).build()) {
      e.registerTool(ToolRegistration.of("note", args -> "ok").withRisk(RiskLevel.LOW));
      e.openSession(SessionOptions.forUser("alice")).call("note", Map.of());
      assertThat(recording.events).hasSameSizeAs(e.auditEvents().events()).isNotEmpty();
    }
  }

  @Test
  void theConfiguredSharedStateHoldsTheSessionsAndLimits() {
    StateProvider state = new StateProvider();
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).clock(clock)
        .providerLoader(EngineTestSupport.withExtra(state))
        .configuration(Map.of("ape.state", "test-state")).build()) {
      assertThat(e.sharedState()).isSameAs(state.created);
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      assertThat(state.created.sessions().find(s.reference())).isPresent();
    }
    try (ApeEngine e = ApeEngine.builder().policyFile(policy())
        .providerLoader(EngineTestSupport.withExtra(new StateProvider())).build()) {
      assertThat(e.sharedState()).as("default memory").isInstanceOf(InMemorySharedState.class);
    }
  }

  @Test
  void theToolAdaptersAdaptFrameworkTools() {
    try (ApeEngine e = ApeEngine.builder().policyFile(policy())
        .providerLoader(EngineTestSupport.withExtra(new SupplierAdapterProvider())).build()) {
      Supplier<String> framework = () -> "from a supplier";
      Tool t = e.adaptTool(framework);
      e.registerTool(ToolRegistration.of("note", t).withRisk(RiskLevel.LOW));
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("note", Map.of()).valueOrThrow()).isEqualTo("from a supplier");
      java.util.function.Function<Map<String, Object>, Object> fn = args -> "fn";
      assertThat(e.adaptTool(fn)).isNotNull();
      assertThatThrownBy(() -> e.adaptTool(new Object()))
          .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("no tool adapter");
    }
  }

  @Test
  void theConfiguredExternalEvaluatorNarrowsDecisions() {
    try (ApeEngine e = ApeEngine.builder().policyFile(policy()).clock(clock)
        .providerLoader(EngineTestSupport.withExtra(new DenyAllEvaluatorProvider()))
        .configuration(Map.of("ape.evaluator", "deny-everything")).build()) {
      e.registerTool(ToolRegistration.of("note", args -> "ok").withRisk(RiskLevel.LOW));
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("note", Map.of()).status()).isEqualTo(CallStatus.DENIED);
    }
  }

  @Test
  void anEngineIsClosedOnceAndRefusesWorkAfterwards() {
    ApeEngine e = ApeEngine.fromPolicy(policy());
    e.registerTool(ToolRegistration.of("note", args -> "ok").withRisk(RiskLevel.LOW));
    AgentSession s = e.openSession(SessionOptions.forUser("alice"));
    e.close();
    e.close();
    assertThat(e.isClosed()).isTrue();
    assertThat(s.isActive()).isFalse();
    assertThat(s.call("note", Map.of()).status()).isNotEqualTo(CallStatus.EXECUTED);
    assertThatThrownBy(() -> e.registerTool("other", args -> "x"))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("closed");
  }

  // ------------------------------------------------------------------------------ providers

  static final class CountingIssuerProvider implements AuthorityIssuerProvider {
    final AtomicInteger issued = new AtomicInteger();

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public AuthorityIssuer create(ProviderContext context) {
      AuthorityIssuer real = InMemoryAuthorityIssuer.builder().clock(context.clock()).build();
      return new AuthorityIssuer() {
        @Override
        public AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters,
            Decision decision) {
          issued.incrementAndGet();
          return real.issue(binding, parameters, decision);
        }

        @Override
        public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
          real.consume(token, expected, policyVersion);
        }

        @Override
        public boolean revoke(AuthorityToken token) {
          return real.revoke(token);
        }

        @Override
        public boolean isOutstanding(AuthorityToken token) {
          return real.isOutstanding(token);
        }

        @Override
        public int revokeMatching(Predicate<TokenBinding> filter) {
          return real.revokeMatching(filter);
        }

        @Override
        public int outstanding() {
          return real.outstanding();
        }
      };
    }
  }

  static final class ApproveAllProvider implements EscalationResolverProvider {
    @Override
    public String id() {
      return "approve-all";
    }

    @Override
    public EscalationResolver create(ProviderContext context) {
      return req -> EscalationResolution.approve(req, "test", Provenance.SYSTEM_TRUSTED);
    }
  }

  static final class RecordingSinkProvider implements AuditSinkProvider {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public AuditSink create(ProviderContext context) {
      return events::add;
    }
  }

  static final class StateProvider implements SharedStateProvider {
    SharedState created;

    @Override
    public String id() {
      return "test-state";
    }

    @Override
    public SharedState create(ProviderContext context) {
      created = new InMemorySharedState(context.clock(), 100);
      return created;
    }
  }

  static final class SupplierAdapterProvider implements ToolAdapterProvider {
    @Override
    public String id() {
      return "supplier";
    }

    @Override
    public ToolAdapter create(ProviderContext context) {
      return new ToolAdapter() {
        @Override
        public boolean supports(Object frameworkTool) {
          return frameworkTool instanceof Supplier<?>;
        }

        @Override
        public Tool adapt(Object frameworkTool) {
          Supplier<?> s = (Supplier<?>) frameworkTool;
          return args -> s.get();
        }
      };
    }
  }

  static final class DenyAllEvaluatorProvider implements PolicyEvaluatorProvider {
    @Override
    public String id() {
      return "deny-everything";
    }

    @Override
    public PolicyEvaluator create(ProviderContext context) {
      return (request, policy) -> new EvaluatorVerdict(io.ape.api.Outcome.DENY, "test evaluator denies everything");
    }
  }
}
