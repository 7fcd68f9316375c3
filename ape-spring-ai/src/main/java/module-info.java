/**
 * The APE adapter for Spring AI ({@code io.ape.springai}), its Spring Boot auto-configuration
 * ({@code io.ape.springai.autoconfigure}) and its {@link io.ape.spi.ToolAdapterProvider}. Spring
 * Boot, Spring AI MCP and {@code io.ape.mcpsdk} are optional. The {@code internal} package is not
 * exported.
 *
 * @since 0.2.0
 */
module io.ape.springai {
  requires transitive io.ape.api;
  requires transitive io.ape.core;
  requires transitive spring.ai.model;
  requires transitive spring.ai.client.chat;
  requires transitive spring.beans;
  requires spring.context;
  requires spring.core;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  // Optional: the auto-configuration (Spring Boot) and the MCP server support.
  requires static spring.boot;
  requires static spring.boot.autoconfigure;
  requires static spring.ai.mcp;
  requires static io.ape.mcpsdk;
  requires static io.modelcontextprotocol.sdk.mcp.core;

  exports io.ape.springai;
  exports io.ape.springai.autoconfigure;
  // Spring instantiates the package-private configuration classes and calls their @Bean methods.
  opens io.ape.springai.autoconfigure to spring.core, spring.beans, spring.context;

  provides io.ape.spi.ToolAdapterProvider
      with io.ape.springai.internal.SpringAiToolAdapterProvider;
}
