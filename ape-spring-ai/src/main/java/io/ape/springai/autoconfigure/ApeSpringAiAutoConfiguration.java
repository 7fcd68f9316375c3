package io.ape.springai.autoconfigure;

import io.ape.api.ApeConfigurationException;
import io.ape.springai.ApeSpringAi;
import io.ape.springai.ApeToolCallbacks;
import io.ape.springai.ApeUserMessageAdvisor;
import io.ape.springai.SessionMapping;
import io.ape.springai.internal.EngineSeam;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.ai.tool.ToolCallback;

/**
 * Guards every Spring AI tool of the application: wraps each {@code ToolCallback} and
 * {@code ToolCallbackProvider} bean, and offers an {@link ApeUserMessageAdvisor} bean. Active
 * whenever this module is on the classpath (set {@code ape.spring-ai.enabled=false} to opt out
 * explicitly); without an APE engine the application does not start (fail closed).
 *
 * <p>Phase 1 of issue 13: the engine comes from an {@code EngineSeam} bean; once the engine
 * facade is merged, it is built from {@code ape.*} properties (policy file, audit sink,
 * escalation resolver) unless the application defines an {@code ApeEngine} bean.
 *
 * @since 0.2.0
 */
@AutoConfiguration
@ConditionalOnClass(ToolCallback.class)
@ConditionalOnProperty(prefix = "ape.spring-ai", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ApeSpringAiProperties.class)
public class ApeSpringAiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ApeToolCallbacks apeToolCallbacks(ObjectProvider<EngineSeam> engine,
      ObjectProvider<SessionMapping> sessions, ApeSpringAiProperties properties) {
    EngineSeam e = engine.getIfAvailable();
    if (e == null) {
      throw new ApeConfigurationException("io.ape:ape-spring-ai is on the classpath but no APE "
          + "engine is configured: define an engine bean, or set ape.spring-ai.enabled=false to "
          + "run tools without APE");
    }
    ApeSpringAi.Builder builder = ApeSpringAi.guard(e).refusalMode(properties.getRefusalMode());
    SessionMapping mapping = sessions.getIfAvailable();
    if (mapping != null) {
      builder.sessions(mapping);
    }
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  ApeUserMessageAdvisor apeUserMessageAdvisor(ApeToolCallbacks callbacks) {
    return callbacks.userMessageAdvisor();
  }

  @Bean
  static ApeToolCallbackPostProcessor apeToolCallbackPostProcessor(
      ObjectProvider<ApeToolCallbacks> callbacks) {
    return new ApeToolCallbackPostProcessor(callbacks);
  }
}
