package io.ape.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ape.api.ActionCatalog;
import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.api.AuthorityToken;
import io.ape.api.CompiledIntent;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.IntentAmbiguityException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.PolicyView;
import io.ape.api.Provenance;
import io.ape.api.SourceLocation;
import io.ape.api.Tool;
import io.ape.api.TokenBinding;
import io.ape.api.TokenConsumedException;
import io.ape.spi.AuditSink;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.ConditionOperator;
import io.ape.spi.EscalationResolver;
import io.ape.spi.IntentCompiler;
import io.ape.spi.PolicyEvaluator;
import io.ape.spi.PolicyParser;
import io.ape.spi.ToolAdapter;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.WindowCharge;
import io.ape.testkit.sample.ForwardingIssuer;
import io.ape.testkit.sample.SampleAuditSink;
import io.ape.testkit.sample.SampleAuthorityIssuer;
import io.ape.testkit.sample.SampleEvaluator;
import io.ape.testkit.sample.SampleIntentCompiler;
import io.ape.testkit.sample.SampleOperator;
import io.ape.testkit.sample.SampleResolver;
import io.ape.testkit.sample.SampleSharedState;
import io.ape.testkit.sample.SampleToolAdapter;
import io.ape.testkit.sample.SampleToolAdapter.SampleFrameworkTool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The suites themselves, attacked: each suite passes a correct plugin written on ape-api alone,
 * and each class of broken plugin (single use lost, copies accepted, errors swallowed, the wrong
 * exception type, a value it cannot judge held, the policy ignored, the prompt echoed, limits
 * not atomic, claims replayable, …) fails exactly the tests that name its fault.
 */
class ContractSuitesTest {

  // ------------------------------------------------------------------------ AuthorityIssuer

  static class GoodIssuer extends AuthorityIssuerContract {
    @Override
    protected AuthorityIssuer newIssuer(Clock clock) {
      return new SampleAuthorityIssuer(clock);
    }
  }

  /** Forgets that a token was used: it can be consumed again. */
  static class ReusableTokenIssuer extends AuthorityIssuerContract {
    @Override
    protected AuthorityIssuer newIssuer(Clock clock) {
      return new ForwardingIssuer(new SampleAuthorityIssuer(clock)) {
        @Override
        public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
          try {
            super.consume(token, expected, policyVersion);
          } catch (TokenConsumedException replay) {
            // "already used" is ignored: the fault under test
          }
        }
      };
    }
  }

  /** Looks tokens up by their reference, so an object with the same fields is accepted. */
  static class CopyAcceptingIssuer extends AuthorityIssuerContract {
    @Override
    protected AuthorityIssuer newIssuer(Clock clock) {
      Map<String, AuthorityToken> byRef = new ConcurrentHashMap<>();
      return new ForwardingIssuer(new SampleAuthorityIssuer(clock)) {
        @Override
        public AuthorityToken issue(TokenBinding b, Map<String, Object> p, Decision d) {
          AuthorityToken t = super.issue(b, p, d);
          byRef.put(t.reference(), t);
          return t;
        }

        @Override
        public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
          AuthorityToken real = token == null ? null : byRef.getOrDefault(token.reference(), token);
          super.consume(real, expected, policyVersion);
        }
      };
    }
  }

  @Test
  void authorityIssuerSuite() {
    assertAllPass(GoodIssuer.class);
    assertFails(ReusableTokenIssuer.class, "consumesOnceThenRefusesTheTokenAsConsumed()",
        "exactlyOneOfThirtyTwoConcurrentConsumersWins()");
    assertFails(CopyAcceptingIssuer.class, "refusesACopyCarryingTheSameFields()");
  }

  // ------------------------------------------------------------------------------ AuditSink

  static class GoodSink extends AuditSinkContract
      implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
    @Override
    public AuditSink newSink() {
      return new SampleAuditSink();
    }

    @Override
    public List<AuditEvent> readBack(AuditSink sink) {
      return ((SampleAuditSink) sink).events();
    }

    @Override
    public void failWrites(AuditSink sink) {
      ((SampleAuditSink) sink).breakStorage();
    }
  }

  /** Swallows storage failures: the event is lost and the caller told it was recorded. */
  static class SwallowingSink extends GoodSink {
    @Override
    public AuditSink newSink() {
      return new SampleAuditSink() {
        @Override
        public synchronized void record(AuditEvent event) {
          try {
            super.record(event);
          } catch (AuditException lost) {
            // swallowed: the fault under test
          }
        }
      };
    }
  }

  /** Reports a closed sink with IllegalStateException, which the engine would not map to DENY. */
  static class WrongExceptionSink extends AuditSinkContract {
    @Override
    public AuditSink newSink() {
      return new SampleAuditSink() {
        private volatile boolean closed;

        @Override
        public synchronized void record(AuditEvent event) {
          if (closed) {
            throw new IllegalStateException("closed");
          }
          super.record(event);
        }

        @Override
        public synchronized void close() {
          closed = true;
        }
      };
    }
  }

  /** Drops events silently after close. */
  static class DroppingAfterCloseSink extends GoodSink {
    @Override
    public AuditSink newSink() {
      return new SampleAuditSink() {
        private volatile boolean closed;

        @Override
        public synchronized void record(AuditEvent event) {
          if (!closed) {
            super.record(event);
          }
        }

        @Override
        public synchronized void close() {
          closed = true;
        }
      };
    }
  }

  @Test
  void auditSinkSuite() {
    assertAllPass(GoodSink.class);
    assertFails(SwallowingSink.class, "aWriteThatFailsThrowsAuditException()",
        "concurrentWritersAllSeeTheFailure()");
    assertFails(WrongExceptionSink.class, "afterCloseEveryFailureIsAnAuditException()");
    assertFails(DroppingAfterCloseSink.class, "anEventRecordedAfterCloseIsRefusedOrStored()");
  }

  // ---------------------------------------------------------------------- ConditionOperator

  static class GoodOperator extends ConditionOperatorContract {
    @Override
    protected List<OperatorCase> cases() {
      return List.of(OperatorCase.of(new SampleOperator(), "/tmp/").holds("/tmp/a")
          .fails("/etc/a").refuses(42, null, "/tmp/\u0000").rejectsArguments(42, ""));
    }
  }

  /** Judges {@code String.valueOf(value)}: a StringBuilder or a list holding the prefix passes. */
  static class LenientOperator extends ConditionOperatorContract {
    @Override
    protected List<OperatorCase> cases() {
      ConditionOperator lenient = new SampleOperator() {
        @Override
        public CompiledCondition compile(ConditionSpec spec) {
          CompiledCondition strict = super.compile(spec);
          return new CompiledCondition() {
            @Override
            public boolean test(Object value) {
              return String.valueOf(value).startsWith((String) spec.argument());
            }

            @Override
            public String describeFailure(Object value) {
              return strict.describeFailure(value);
            }
          };
        }
      };
      return List.of(OperatorCase.of(lenient, "/tmp/").holds("/tmp/a").fails("/etc/a")
          .refuses(42));
    }
  }

  /** Throws on a bad argument with IllegalArgumentException, not a located PolicyException. */
  static class UnlocatedOperator extends ConditionOperatorContract {
    @Override
    protected List<OperatorCase> cases() {
      ConditionOperator op = new SampleOperator() {
        @Override
        public CompiledCondition compile(ConditionSpec spec) {
          if (!(spec.argument() instanceof String)) {
            throw new IllegalArgumentException("bad argument");
          }
          return super.compile(spec);
        }
      };
      return List.of(OperatorCase.of(op, "/tmp/").holds("/tmp/a").rejectsArguments(42));
    }
  }

  @Test
  void conditionOperatorSuite() {
    assertAllPass(GoodOperator.class);
    assertFails(LenientOperator.class, "refuses every value it cannot judge",
        "every compiled condition is total");
    assertFails(UnlocatedOperator.class, "rejects bad arguments at load, located",
        "compiles any argument to a condition or a located error");
  }

  // ---------------------------------------------------------------------------- ToolAdapter

  static class GoodAdapter extends ToolAdapterContract {
    @Override
    protected ToolAdapter adapter() {
      return new SampleToolAdapter();
    }

    @Override
    protected Object frameworkTool(Behaviour behaviour) {
      return new SampleFrameworkTool("t", args -> {
        try {
          return behaviour.run(args);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  /** Runs the tool once while adapting it ("to check it works"): outside the gate. */
  static class EagerAdapter extends GoodAdapter {
    @Override
    protected ToolAdapter adapter() {
      return new SampleToolAdapter() {
        @Override
        public Tool adapt(Object frameworkTool) {
          Tool t = super.adapt(frameworkTool);
          try {
            t.invoke(Map.of());
          } catch (Exception ignored) {
            // the probe's outcome does not matter
          }
          return t;
        }
      };
    }
  }

  /** Turns a failure of the tool into a result the model reads. */
  static class SwallowingAdapter extends GoodAdapter {
    @Override
    protected ToolAdapter adapter() {
      return new SampleToolAdapter() {
        @Override
        public Tool adapt(Object frameworkTool) {
          Tool t = super.adapt(frameworkTool);
          return params -> {
            try {
              return t.invoke(params);
            } catch (Exception e) {
              return "error: " + e.getMessage();
            }
          };
        }
      };
    }
  }

  @Test
  void toolAdapterSuite() {
    assertAllPass(GoodAdapter.class);
    assertFails(EagerAdapter.class, "adaptDoesNotRunTheTool()");
    assertFails(SwallowingAdapter.class, "aFailureOfTheFrameworkToolIsThrownNotReturned()");
  }

  // ----------------------------------------------------------------------- EscalationResolver

  static class GoodResolver extends EscalationResolverContract {
    @Override
    protected EscalationResolver resolver() {
      return new SampleResolver();
    }
  }

  /** Approves with the parameter hash of the first request it saw: approvals carry over. */
  static class StickyResolver extends EscalationResolverContract {
    @Override
    protected EscalationResolver resolver() {
      return new EscalationResolver() {
        private volatile String firstHash;

        @Override
        public EscalationResolution resolve(EscalationRequest request) {
          if (firstHash == null) {
            firstHash = request.parametersHash();
          }
          return new EscalationResolution(true, "sticky", Provenance.USER_TRUSTED, firstHash, "ok");
        }
      };
    }
  }

  /** Answers null instead of a denial. */
  static class NullResolver extends EscalationResolverContract {
    @Override
    protected EscalationResolver resolver() {
      return request -> null;
    }
  }

  @Test
  void escalationResolverSuite() {
    assertAllPass(GoodResolver.class);
    assertFails(StickyResolver.class, "anApprovalIsBoundToTheRequestItAnswers()",
        "concurrentRequestsGetTheirOwnAnswers()");
    assertFails(NullResolver.class, "answersEveryRequest()");
  }

  // ------------------------------------------------------------------------- IntentCompiler

  static class GoodCompiler extends IntentCompilerContract {
    private static final ActionCatalog CATALOG = SampleIntentCompiler.catalog();

    @Override
    protected IntentCompiler compiler() {
      return new SampleIntentCompiler(CATALOG);
    }

    @Override
    protected ActionCatalog catalog() {
      return CATALOG;
    }

    @Override
    protected NamedPrompt prompt() {
      return new NamedPrompt("read_file config.json then list_directory /tmp",
          List.of("read_file", "list_directory"));
    }
  }

  /** Ignores the policy view: what the prompt names is allowed. */
  static class PolicyIgnoringCompiler extends GoodCompiler {
    @Override
    protected IntentCompiler compiler() {
      IntentCompiler real = super.compiler();
      PolicyView allowAll = new PolicyView() {
        @Override
        public Outcome bestOutcome(String actionId) {
          return Outcome.ALLOW;
        }
      };
      return (prompt, policy, options) -> {
        CompiledIntent i = real.compile(prompt, policy == null ? null : allowAll, options);
        return i;
      };
    }
  }

  /** Quotes the whole prompt in its errors. */
  static class EchoingCompiler extends GoodCompiler {
    @Override
    protected IntentCompiler compiler() {
      return new SampleIntentCompiler(SampleIntentCompiler.catalog()) {
        @Override
        public CompiledIntent compile(String prompt, PolicyView policy,
            IntentCompilerOptions options) {
          try {
            return super.compile(prompt, policy, options);
          } catch (IntentAmbiguityException e) {
            throw new IntentAmbiguityException("cannot compile: " + prompt);
          }
        }
      };
    }
  }

  @Test
  void intentCompilerSuite() {
    assertAllPass(GoodCompiler.class);
    assertFails(PolicyIgnoringCompiler.class,
        "anActionThePolicyCanNeverAllowIsNeitherAllowedNorEscalated()",
        "anActionThePolicyCanOnlyEscalateIsKeptAsAnEscalation()",
        "aPolicyThatForbidsEveryNamedActionRaisesNarrowing()");
    assertFails(EchoingCompiler.class,
        "anUnmappablePromptIsAnErrorThatQuotesOnlyASanitisedPrefix()");
  }

  // ------------------------------------------------------------------------ PolicyEvaluator

  static class GoodEvaluator extends PolicyEvaluatorContract {
    @Override
    protected PolicyEvaluator evaluator() {
      return new SampleEvaluator();
    }
  }

  /** Answers null for what it does not understand. */
  static class NullEvaluator extends PolicyEvaluatorContract {
    @Override
    protected PolicyEvaluator evaluator() {
      return (request, policy) -> request.actionId().equals("read_file")
          ? new EvaluatorVerdict(Outcome.ALLOW, "") : null;
    }
  }

  @Test
  void policyEvaluatorSuite() {
    assertAllPass(GoodEvaluator.class);
    assertFails(NullEvaluator.class, "everyRequestGetsAVerdictOrAnExceptionInTime()");
  }

  // --------------------------------------------------------------------------- PolicyParser

  /** Lets the library's exceptions out and returns null for an empty document. */
  static class LeakyParser extends PolicyParserContract {
    @Override
    protected PolicyParser parser() {
      return (content, sourceName, limits) -> {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        if (text.isEmpty()) {
          return null;
        }
        if (!text.startsWith("policy")) {
          throw new IllegalStateException("unexpected token at offset 0");
        }
        return policy(sourceName, content);
      };
    }

    @Override
    protected byte[] validDocument() {
      return utf8("policy\n");
    }

    @Override
    protected List<MalformedDocument> malformedDocuments() {
      return List.of(MalformedDocument.of("not a policy", "nonsense\n", 1));
    }

    private static Policy policy(String source, byte[] content) {
      PolicyRule rule = new PolicyRule("r", "read_file", Outcome.ALLOW, List.of(
          new ConditionSpec("path", "prefix", "/tmp/", new SourceLocation(source, 1, 1))),
          null, "", new SourceLocation(source, 1, 1));
      return new Policy("", "", "", Outcome.DENY, List.of(), List.of(), List.of(), List.of(rule),
          Map.of(), Map.of(), null, null, new PolicySource(source, "leaky", "0".repeat(64)));
    }
  }

  @Test
  void policyParserSuite() {
    assertFails(LeakyParser.class, "nullContentIsAPolicyException()", "an empty document",
        "random binary", "not a policy",
        "aValidDocumentParsesToAPolicyNamedAfterItsSourceAndVersionedByItsBytes()", "maxBytes",
        "randomMutationsOfAValidDocumentEndInAPolicyOrALocatedPolicyException()");
  }

  // ---------------------------------------------------------------------------- SharedState

  static class GoodState extends SharedStateContract {
    @Override
    protected SharedState newState(Clock clock) {
      return new SampleSharedState(clock);
    }
  }

  /** Records the windows before it checks the budgets: a refused call still uses a slot. */
  static class NotAllOrNothingState extends SharedStateContract {
    @Override
    protected SharedState newState(Clock clock) {
      return new SampleSharedState(clock) {
        @Override
        public io.ape.spi.state.LimitLedger limits() {
          io.ape.spi.state.LimitLedger real = super.limits();
          return new io.ape.spi.state.LimitLedger() {
            @Override
            public io.ape.spi.state.LimitVerdict reserve(List<WindowCharge> ws,
                List<BudgetCharge> bs, Instant now) {
              io.ape.spi.state.LimitVerdict windowsOnly = real.reserve(ws, List.of(), now);
              if (!windowsOnly.admitted()) {
                return windowsOnly;
              }
              return real.reserve(List.of(), bs, now);
            }

            @Override
            public double total(String key) {
              return real.total(key);
            }

            @Override
            public int used(WindowCharge w, Instant now) {
              return real.used(w, now);
            }
          };
        }
      };
    }
  }

  /** A claim always wins: approvals and tokens can be replayed. */
  static class ReplayableClaimsState extends SharedStateContract {
    @Override
    protected SharedState newState(Clock clock) {
      return new SampleSharedState(clock) {
        @Override
        public io.ape.spi.state.OnceLedger tokens() {
          return (key, expiresAt) -> true;
        }

        @Override
        public io.ape.spi.state.OnceLedger approvals() {
          return (key, expiresAt) -> true;
        }
      };
    }
  }

  @Test
  void sharedStateSuite() {
    assertAllPass(GoodState.class);
    assertFails(NotAllOrNothingState.class, "aFullBudgetRefusesAndNothingElseIsRecorded()",
        "aRefusedBudgetNeverUsesUpAWindowSlotUnderConcurrency()");
    assertFails(ReplayableClaimsState.class, "aClaimWinsOnce()",
        "exactlyOneOfThirtyTwoConcurrentClaimsWins()", "approvalsAndTokensAreSeparateLedgers()");
  }

  // -------------------------------------------------------------------------------- helpers

  private static EngineExecutionResults run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute();
  }

  private static void assertAllPass(Class<?> suite) {
    EngineExecutionResults r = run(suite);
    long started = r.testEvents().started().count();
    Set<String> failed = names(r, e -> true);
    Assertions.assertTrue(started > 0, suite.getSimpleName() + " ran no test");
    Assertions.assertEquals(Set.of(), failed, suite.getSimpleName()
        + " (a correct plugin) must pass every test of its suite; failures: " + failures(r));
    Assertions.assertEquals(0, r.testEvents().skipped().count() + r.testEvents().aborted().count(),
        suite.getSimpleName() + ": no test may be skipped");
  }

  /** Every named test (or container) of the suite failed, and nothing was left unrun. */
  private static void assertFails(Class<?> suite, String... mustFail) {
    EngineExecutionResults r = run(suite);
    Set<String> failed = names(r, e -> true);
    Set<String> failedContainers = r.containerEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName()).collect(Collectors.toSet());
    for (String name : mustFail) {
      Assertions.assertTrue(failed.contains(name) || failedContainers.contains(name),
          suite.getSimpleName() + " (a broken plugin) must fail '" + name + "'; it failed only "
              + failed + " " + failedContainers);
    }
  }

  private static Set<String> names(EngineExecutionResults r, Predicate<Event> filter) {
    return r.testEvents().failed().stream().filter(filter)
        .map(e -> e.getTestDescriptor().getDisplayName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String failures(EngineExecutionResults r) {
    return r.testEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload()
            .map(Object::toString).orElse(""))
        .collect(Collectors.joining("\n"));
  }
}
