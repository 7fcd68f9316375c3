package io.ape.mcpsdk.internal;

import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Adapts an MCP Java SDK tool specification ({@link SyncToolSpecification} or
 * {@link AsyncToolSpecification}) to an APE {@link Tool}: the adapted tool runs the
 * specification's call handler with a {@code CallToolRequest} of the tool's name and the bound
 * parameters (no {@code _meta}), and without an exchange ({@code null}: the engine's guarded
 * call has no MCP client to talk back to; for handlers that use the exchange, guard the server
 * with {@code ApeMcpServer} instead). It returns the result's text contents, one per line. A
 * handler that throws, returns nothing, returns an {@code isError} result, or (asynchronous)
 * does not answer within the timeout makes it throw: the gate reports a failure, and the model
 * never reads the handler's error text as a result.
 *
 * <p>Immutable and thread-safe.
 */
public final class McpSdkToolAdapter implements ToolAdapter {
  private final Duration asyncTimeout;

  /** An adapter waiting at most {@code asyncTimeout} for an asynchronous handler. */
  public McpSdkToolAdapter(Duration asyncTimeout) {
    this.asyncTimeout = Objects.requireNonNull(asyncTimeout, "asyncTimeout");
  }

  @Override
  public boolean supports(Object frameworkTool) {
    return frameworkTool instanceof SyncToolSpecification s && usable(s.tool(), s.callHandler())
        || frameworkTool instanceof AsyncToolSpecification a && usable(a.tool(), a.callHandler());
  }

  private static boolean usable(io.modelcontextprotocol.spec.McpSchema.Tool tool, Object handler) {
    return tool != null && tool.name() != null && handler != null;
  }

  @Override
  public Tool adapt(Object frameworkTool) {
    Objects.requireNonNull(frameworkTool, "frameworkTool");
    if (frameworkTool instanceof SyncToolSpecification s && supports(s)) {
      String name = s.tool().name();
      return new Adapted(name, bound -> s.callHandler().apply(null,
          new CallToolRequest(name, bound)));
    }
    if (frameworkTool instanceof AsyncToolSpecification a && supports(a)) {
      String name = a.tool().name();
      return new Adapted(name, bound -> {
        var mono = a.callHandler().apply(null, new CallToolRequest(name, bound));
        if (mono == null) {
          return null;
        }
        return mono.block(asyncTimeout);
      });
    }
    throw new IllegalArgumentException("not an MCP tool specification with a tool name and a "
        + "call handler: " + frameworkTool.getClass().getName()
        + " (supported: SyncToolSpecification, AsyncToolSpecification)");
  }

  /** Runs a handler with the bound parameters. */
  @FunctionalInterface
  private interface Handler {
    CallToolResult run(Map<String, Object> bound) throws Exception;
  }

  /** One adapted specification. */
  private record Adapted(String name, Handler handler) implements Tool {
    @Override
    public Object invoke(Map<String, Object> parameters) throws Exception {
      CallToolResult result = handler.run(parameters);
      if (result == null) {
        throw new ToolReportedErrorException(name, "no result (null, or an empty Mono)");
      }
      if (Boolean.TRUE.equals(result.isError())) {
        throw new ToolReportedErrorException(name, ToolBridge.textOf(result));
      }
      return ToolBridge.textOf(result);
    }

    @Override
    public String toString() {
      return "McpSdkTool[" + name + "]";
    }
  }
}
