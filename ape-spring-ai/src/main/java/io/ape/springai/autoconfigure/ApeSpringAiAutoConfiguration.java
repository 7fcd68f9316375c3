package io.ape.springai.autoconfigure;

import io.ape.api.ApeConfigurationException;
import io.ape.engine.ApeEngine;
import io.ape.spi.AuditSink;
import io.ape.spi.EscalationResolver;
import io.ape.springai.ApeSpringAi;
import io.ape.springai.ApeToolCallbacks;
import io.ape.springai.ApeUserMessageAdvisor;
import io.ape.springai.SessionMapping;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.ai.tool.ToolCallback;

/**
 * Puts APE in front of every Spring AI tool of the application:
 * <ul>
 *   <li>an {@link ApeEngine} bean built from the {@code ape.*} properties (at least
 *       {@code ape.policy.file}; {@code ape.audit.sinks}, {@code ape.escalation.resolver}, … as
 *       the engine documents them), with the application's {@link AuditSink} and
 *       {@link EscalationResolver} beans if it has one of each — unless the application defines
 *       its own {@code ApeEngine} bean;</li>
 *   <li>every {@code ToolCallback} and {@code ToolCallbackProvider} bean replaced by its guarded
 *       form, and an {@link ApeUserMessageAdvisor} bean that records each chat call's user
 *       message;</li>
 *   <li>with the Spring AI MCP server on the class path, every MCP tool specification it
 *       exposes guarded too ({@link ApeMcpServerConfiguration}).</li>
 * </ul>
 * Active whenever this module is on the class path; {@code ape.spring-ai.enabled=false} turns it
 * off explicitly. Without an engine (no {@code ape.policy.file}, no {@code ApeEngine} bean) the
 * application does not start: fail closed.
 *
 * @since 0.2.0
 */
@AutoConfiguration
@ConditionalOnClass(ToolCallback.class)
@ConditionalOnProperty(prefix = "ape.spring-ai", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ApeSpringAiProperties.class)
@Import(ApeMcpServerConfiguration.class)
public class ApeSpringAiAutoConfiguration {
  /** The engine setting that names the policy file. */
  private static final String POLICY_FILE = "ape.policy.file";


  /** The engine, from {@code ape.*} properties; closed with the application context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ApeEngine apeEngine(Environment environment, ObjectProvider<AuditSink> auditSinks,
      ObjectProvider<EscalationResolver> resolvers) {
    Map<String, String> settings = ApeEngineProperties.from(environment);
    if (!settings.containsKey(POLICY_FILE)) {
      throw new ApeConfigurationException("io.ape:ape-spring-ai is on the classpath but no APE "
          + "engine is configured: set " + POLICY_FILE + " (and any other ape.* "
          + "setting), or define an ApeEngine bean, or set ape.spring-ai.enabled=false to run "
          + "tools without APE");
    }
    ApeEngine.Builder builder = ApeEngine.builder().configuration(settings);
    AuditSink sink = auditSinks.getIfUnique();
    if (sink != null) {
      builder.auditSink(sink);
    }
    EscalationResolver resolver = resolvers.getIfUnique();
    if (resolver != null) {
      builder.escalationResolver(resolver);
    }
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  ApeToolCallbacks apeToolCallbacks(ApeEngine engine, ObjectProvider<SessionMapping> sessions,
      ApeSpringAiProperties properties, ObjectProvider<McpSessions> mcpSessions) {
    ApeSpringAi.Builder builder = ApeSpringAi.guard(engine)
        .refusalMode(properties.getRefusalMode());
    SessionMapping mapping = sessions.getIfAvailable();
    McpSessions mcp = mcpSessions.getIfAvailable();
    if (mapping == null && mcp != null) {
      // tool callbacks the MCP server runs find their session from the MCP exchange
      mapping = SessionMapping.currentScope().orElse(mcp.callbackMapping());
    }
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
