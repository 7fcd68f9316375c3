/**
 * APE for the Model Context Protocol: MCP configuration scanning and tool locking
 * ({@code io.ape.mcp}) and the enforcing MCP gateway ({@code io.ape.mcp.gateway}).
 *
 * @since 0.2.0
 */
module io.ape.mcp {
  requires transitive io.ape.api;
  requires transitive io.ape.core;
  requires org.slf4j;
  requires java.net.http;
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.core;
  requires transitive com.fasterxml.jackson.databind;
  requires tools.jackson.databind;
  requires transitive io.modelcontextprotocol.sdk.mcp.core;
  requires transitive io.modelcontextprotocol.sdk.mcp.json.jackson3;
  requires transitive reactor.core;
  requires jakarta.servlet;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.ee11.servlet;

  exports io.ape.mcp;
  exports io.ape.mcp.gateway;
}
