package io.ape.mcp.gateway;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio client transport over a pair of streams: the same newline-delimited JSON-RPC as
 * the SDK's stdio transport, without a process, so that a real SDK client can talk to a gateway
 * served in the same JVM through pipes. Test code only.
 */
final class StreamClientTransport implements McpClientTransport {
  private final InputStream in;
  private final OutputStream out;
  private final McpJsonMapper mapper;
  private volatile boolean closed;

  StreamClientTransport(InputStream in, OutputStream out, McpJsonMapper mapper) {
    this.in = in;
    this.out = out;
    this.mapper = mapper;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      Thread t = new Thread(() -> read(handler), "test-client-reader");
      t.setDaemon(true);
      t.start();
    });
  }

  private void read(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while (!closed && (line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        McpSchema.JSONRPCMessage m = McpSchema.deserializeJsonRpcMessage(mapper, line);
        handler.apply(Mono.just(m)).subscribe(reply -> { }, e -> { });
      }
    } catch (IOException e) {
      // the gateway closed its end
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      try {
        String json = mapper.writeValueAsString(message);
        synchronized (out) {
          out.write(json.getBytes(StandardCharsets.UTF_8));
          out.write('\n');
          out.flush();
        }
      } catch (IOException e) {
        throw new IllegalStateException("the gateway stopped reading", e);
      }
    });
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }
}
