package io.ape.springai.autoconfigure;

import io.ape.mcpsdk.ApeMcpServer;
import io.ape.mcpsdk.ServerSessionMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With the Spring AI MCP server (and {@code io.ape:ape-mcp-sdk}) on the class path: every MCP
 * tool specification the server exposes is guarded — specification beans and lists of them
 * (the {@code @McpTool} methods, the application's own) through ape-mcp-sdk's
 * {@link ApeMcpServer}; the specifications Spring AI converts from {@code ToolCallback} beans
 * are already guarded, because those beans are. The application says which APE session an MCP
 * client's calls belong to with a {@link ServerSessionMapping} bean; without one, a server that
 * exposes tools does not start.
 *
 * @since 0.2.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.ape.mcpsdk.ApeMcpServer",
    "io.modelcontextprotocol.server.McpServerFeatures", "org.springframework.ai.mcp.McpToolUtils"})
class ApeMcpServerConfiguration {

  @Bean
  McpSessions apeMcpSessions(ObjectProvider<ServerSessionMapping> mapping) {
    return new McpExchangeSessions(mapping.getIfAvailable());
  }

  @Bean
  static ApeMcpToolSpecificationPostProcessor apeMcpToolSpecificationPostProcessor(
      ObjectProvider<ApeMcpServerFactory> servers, Environment environment) {
    return new ApeMcpToolSpecificationPostProcessor(servers, environment);
  }

  @Bean
  ApeMcpServerFactory apeMcpServerFactory(ObjectProvider<io.ape.engine.ApeEngine> engine,
      ObjectProvider<ServerSessionMapping> mapping,
      ObjectProvider<io.ape.springai.ApeToolCallbacks> callbacks) {
    return new ApeMcpServerFactory(engine, mapping, callbacks);
  }
}
