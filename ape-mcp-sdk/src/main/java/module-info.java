/**
 * The APE adapter for the MCP Java SDK ({@code io.ape.mcpsdk}), and its
 * {@link io.ape.spi.ToolAdapterProvider}. The {@code internal} package is not exported.
 *
 * @since 0.2.0
 */
module io.ape.mcpsdk {
  requires transitive io.ape.api;
  requires transitive io.ape.core;
  requires transitive io.modelcontextprotocol.sdk.mcp.core;
  requires org.slf4j;
  requires transitive reactor.core;

  exports io.ape.mcpsdk;

  provides io.ape.spi.ToolAdapterProvider with io.ape.mcpsdk.internal.McpSdkToolAdapterProvider;
}
