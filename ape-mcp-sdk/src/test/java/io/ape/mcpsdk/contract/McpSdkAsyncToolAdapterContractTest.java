package io.ape.mcpsdk.contract;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code mcp-sdk} tool adapter passes the ToolAdapter contract for an
 * {@code AsyncToolSpecification} whose handler answers on another thread and reports the
 * contract's failure as an {@code isError} result (which the adapted tool must throw).
 */
class McpSdkAsyncToolAdapterContractTest extends ToolAdapterContract {
  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "mcp-sdk").create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    return new AsyncToolSpecification(McpSdkSyncToolAdapterContractTest.TOOL,
        (exchange, request) -> Mono.fromCallable(() -> {
          try {
            return CallToolResult.builder()
                .addTextContent(String.valueOf(behaviour.run(request.arguments()))).build();
          } catch (Exception e) {
            return CallToolResult.builder().isError(true).addTextContent(e.toString()).build();
          }
        }).subscribeOn(Schedulers.boundedElastic()));
  }
}
