package io.ape.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import io.ape.api.Provenance;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's streaming AI service ({@code TokenStream}) runs the tools on the model's
 * streaming thread, not the caller's. The session travels with the invocation
 * ({@code InvocationParameters}), so the guard works there as in the synchronous loop: (a) the
 * benign task completes, (b) the injected recipient is denied and the model reads the terse
 * error, (c) a call without a session does not run the tool.
 */
class LangChain4jStreamingTest {
  ApeEngine engine;
  AgentSession session;
  ScriptedStreamingChatModel model;

  @BeforeEach
  void setUp() {
    engine = Engines.builder().build();
    session = engine.openSession(SessionOptions.forUser("alice"));
    model = new ScriptedStreamingChatModel();
  }

  @AfterEach
  void tearDown() {
    model.close();
    engine.close();
  }

  String stream(TicketTools tools, InvocationParameters parameters) throws Exception {
    return stream(AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
        .tools(ApeLangChain4j.guard(engine).build().tools(tools)).build(), parameters);
  }

  String stream(StreamingAssistant assistant, InvocationParameters parameters) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder streamed = new StringBuilder();
    assistant.chat(LangChain4jAgentTest.USER, parameters)
        .onPartialResponse(streamed::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = done.get(30, TimeUnit.SECONDS);
    assertThat(response.aiMessage().text()).isEqualTo(streamed.toString());
    return streamed.toString();
  }

  InvocationParameters inSession() {
    return InvocationParameters.from(ApeLangChain4j.SESSION, session);
  }

  @Test
  void aBenignTaskCompletesWithTheToolsRunOnTheStreamingThread() throws Exception {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", LangChain4jAgentTest.SEND_TO_BOB)
        .answer("Done: Bob has the summary.");

    assertThat(stream(tools, inSession())).isEqualTo("Done: Bob has the summary.");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
    assertThat(tools.threads).containsOnly(ScriptedStreamingChatModel.THREAD);
    assertThat(session.provenance().label("bob@acme.com")).isEqualTo(Provenance.USER_TRUSTED);
  }

  @Test
  void anInjectedRecipientIsDeniedOnTheStreamingThread() throws Exception {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTool("getTicket", "{\"id\":\"4711\"}")
        .callTool("sendEmail", LangChain4jAgentTest.SEND_TO_ATTACKER)
        .answer("I could not send that e-mail.");

    assertThat(stream(tools, inSession())).isEqualTo("I could not send that e-mail.");
    assertThat(tools.sent).isEmpty();
    assertThat(tools.threads).containsExactly(ScriptedStreamingChatModel.THREAD); // getTicket
    ToolExecutionResultMessage refusal = model.toolResults().get(1);
    assertThat(refusal.text()).isEqualTo(LangChain4jAgentTest.DENIED_TEXT);
    assertThat(refusal.isError()).isTrue();
    assertThat(LangChain4jAgentTest.auditOf(engine, "sendEmail"))
        .contains("send-requires-trusted-recipient", "to=EXTERNAL_UNTRUSTED");
  }

  @Test
  void toolsExecutedConcurrentlyInOneSessionAreEachGuarded() throws Exception {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    model.callTools("getTicket", "{\"id\":\"4711\"}", "getTicket", "{\"id\":\"4712\"}")
        .callTools("sendEmail", LangChain4jAgentTest.SEND_TO_ATTACKER,
            "sendEmail", LangChain4jAgentTest.SEND_TO_BOB)
        .answer("One sent, one refused.");
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(model)
        .tools(ApeLangChain4j.guard(engine).build().tools(tools))
        .executeToolsConcurrently()
        .build();

    assertThat(stream(assistant, inSession())).isEqualTo("One sent, one refused.");
    assertThat(tools.read).containsExactlyInAnyOrder("4711", "4712");
    assertThat(tools.sent).containsExactly(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
    assertThat(model.toolResults()).extracting(ToolExecutionResultMessage::text)
        .contains(LangChain4jAgentTest.DENIED_TEXT, "sent to bob@acme.com");
    assertThat(tools.threads).doesNotContain(Thread.currentThread().getName());
  }

  @Test
  void withoutASessionTheToolDoesNotRun() throws Exception {
    TicketTools tools = new TicketTools(TicketTools.BENIGN);
    model.callTool("sendEmail", LangChain4jAgentTest.SEND_TO_BOB).answer("after");
    assertThat(stream(tools, new InvocationParameters())).isEqualTo("after");
    assertThat(tools.sent).isEmpty();
    assertThat(model.toolResults().get(0).text())
        .isEqualTo("APE refused this tool call: the call or its arguments are invalid.");
  }
}
