package io.ape.mcpsdk.contract;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;

/**
 * The {@code mcp-sdk} tool adapter, found as the engine finds it, passes the ToolAdapter
 * contract for a {@code SyncToolSpecification} (the contract's failure as a thrown handler
 * exception).
 */
class McpSdkSyncToolAdapterContractTest extends ToolAdapterContract {
  static final Tool TOOL = Tool.builder().name("contract_tool").description("the probe")
      .inputSchema(Map.of("type", "object")).build();

  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "mcp-sdk").create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    return new SyncToolSpecification(TOOL, (exchange, request) -> {
      if (!"contract_tool".equals(request.name())) {
        throw new IllegalStateException("wrong tool name " + request.name());
      }
      try {
        return CallToolResult.builder()
            .addTextContent(String.valueOf(behaviour.run(request.arguments()))).build();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Override
  protected List<Object> foreignObjects() {
    List<Object> foreign = super.foreignObjects();
    foreign.add(TOOL); // a tool definition without a handler
    foreign.add(new SyncToolSpecification(TOOL, null));
    return foreign;
  }
}
