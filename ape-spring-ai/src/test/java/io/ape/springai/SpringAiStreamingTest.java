package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallback;

/**
 * Spring AI's streaming tool loop ({@code ChatClient...stream()}) runs the tools on Reactor's
 * bounded elastic scheduler, where the caller's {@link ApeSessionScope} is not: without a
 * {@link SessionMapping} that finds the session another way, every tool call is refused
 * cleanly — the tool does not run, the model reads the terse refusal, the stream completes
 * without an error. With a mapping from the application's own conversation id in its
 * {@code ToolContext}, the streaming loop is guarded as the blocking one is.
 */
class SpringAiStreamingTest {
  static final String INVALID =
      "APE refused this tool call: the call or its arguments are invalid.";

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

  String stream(List<ToolCallback> tools, Map<String, Object> toolContext) {
    try (ApeSessionScope scope = ApeSessionScope.open(session)) {
      List<String> chunks = ChatClient.create(model).prompt()
          .user(SpringAiAgentTest.USER)
          .toolCallbacks(tools)
          .toolContext(toolContext)
          .stream().content()
          .collectList().block(Duration.ofSeconds(30));
      return String.join("", chunks);
    }
  }

  @Test
  void withoutASessionMappingEveryStreamedToolCallIsRefusedCleanly() {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", SpringAiAgentTest.SEND_TO_BOB)
        .answer("I could not do it.");

    assertThat(stream(ape.from(tools), SpringAiAgentTest.APP_CONTEXT))
        .isEqualTo("I could not do it.");
    assertThat(tools.read).isEmpty();
    assertThat(tools.sent).isEmpty();
    assertThat(model.toolResponses()).extracting(r -> r.responseData())
        .containsExactly(INVALID, INVALID);
    // refused before the engine: nothing was decided, so nothing is in the decision audit
    assertThat(engine.auditEvents().events()).noneMatch(e -> "sendEmail".equals(e.toolId()));
  }

  @Test
  void aSessionMappingFromTheApplicationsConversationIdGuardsTheStreamingLoop() {
    Map<String, AgentSession> conversations = new ConcurrentHashMap<>();
    conversations.put("conversation-17", session);
    SessionMapping byConversation = (toolContext, e) -> toolContext == null ? Optional.empty()
        : Optional.ofNullable(conversations.get(
            String.valueOf(toolContext.getContext().get("conversationId"))));
    ApeToolCallbacks ape = ApeSpringAi.guard(engine)
        .sessions(SessionMapping.currentScope().orElse(byConversation)).build();
    session.recordUserMessage(SpringAiAgentTest.USER); // the advisor records on the call path only
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", SpringAiAgentTest.SEND_TO_ATTACKER)
        .callTool("sendEmail", SpringAiAgentTest.SEND_TO_BOB)
        .answer("Sent to Bob only.");

    assertThat(stream(ape.from(tools), Map.of("conversationId", "conversation-17")))
        .isEqualTo("Sent to Bob only.");
    assertThat(tools.read).containsExactly("4711");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
    assertThat(model.toolResponses()).extracting(r -> r.responseData())
        .containsExactly(json(TicketTools.INJECTED), SpringAiAgentTest.DENIED_TEXT,
            json("sent to bob@acme.com"));
  }

  /** Spring AI's default result converter writes a returned string as a JSON string. */
  static String json(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }
}
