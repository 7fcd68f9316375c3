package io.ape.mcp.gateway;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio server transport of the gateway: newline-delimited JSON-RPC over a pair of
 * streams (the process's stdin and stdout), for one client session.
 *
 * <p>Why not the SDK's {@code StdioServerTransportProvider}: in MCP Java SDK 2.1.0 it hands each
 * reply to a unicast Reactor sink with {@code tryEmitNext}, which fails (and the reply is lost,
 * the client waits forever) when replies of concurrent calls are emitted from several threads at
 * once; the gateway answers calls concurrently. Here every message is written whole, under one
 * lock, and flushed.
 *
 * <p>Also: a line longer than the limit is discarded (read to its end, never buffered) and
 * answered with a JSON-RPC error, as is a line that is not JSON-RPC (the session goes on); the
 * end of the input ends the session and completes {@link #terminated()}.
 *
 * @since 0.2.0
 */
public final class StdioServerTransport implements McpServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServerTransport.class);
  /** The default longest message read from the client: 16 Mi characters. */
  public static final int DEFAULT_MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final int maxMessageChars;
  private final Object writeLock = new Object();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile McpServerSession session;

  /** A transport over {@code in} and {@code out} (for the process: {@code System.in}, {@code System.out}). */
  public StdioServerTransport(McpJsonMapper mapper, InputStream in, OutputStream out, int maxMessageChars) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    if (maxMessageChars < 1024) {
      throw new IllegalArgumentException("maxMessageChars must be at least 1024");
    }
    this.maxMessageChars = maxMessageChars;
  }

  /** A transport over this process's stdin and stdout (nothing else may write to stdout). */
  public static StdioServerTransport forProcess(int maxMessageChars) {
    return new StdioServerTransport(new io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper(
        tools.jackson.databind.json.JsonMapper.shared()), System.in, System.out, maxMessageChars);
  }

  /** Completes when the client's input ended or the transport was closed. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    if (session != null) {
      throw new IllegalStateException("a stdio transport serves one session");
    }
    session = sessionFactory.create(new SessionTransport());
    Thread reader = new Thread(this::read, "ape-gateway-stdin");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      StringBuilder line = new StringBuilder();
      boolean tooLong = false;
      int c;
      while (!closed.get() && (c = r.read()) >= 0) {
        if (c == '\n') {
          if (tooLong) {
            reply(McpSchema.ErrorCodes.INVALID_REQUEST, "message longer than " + maxMessageChars + " characters");
          } else {
            dispatch(line.toString());
          }
          line.setLength(0);
          tooLong = false;
        } else if (!tooLong) {
          if (line.length() >= maxMessageChars) {
            tooLong = true;
            line.setLength(0);
          } else {
            line.append((char) c);
          }
        }
      }
      if (line.length() > 0 && !tooLong) {
        dispatch(line.toString());
      }
    } catch (IOException e) {
      LOG.debug("stdin of the gateway closed: {}", e.toString());
    } finally {
      McpServerSession s = session;
      if (s != null) {
        s.close();
      }
      terminated.complete(null);
    }
  }

  private void dispatch(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, trimmed);
    } catch (IOException | RuntimeException e) {
      reply(McpSchema.ErrorCodes.PARSE_ERROR, "not a JSON-RPC message");
      return;
    }
    try {
      session.handle(message).subscribe(ignored -> { },
          e -> LOG.debug("handling a client message failed: {}", e.toString()));
    } catch (RuntimeException e) {
      LOG.debug("handling a client message failed: {}", e.toString());
    }
  }

  /** A JSON-RPC error without an id (the request could not be read). */
  private void reply(int code, String message) {
    // JSON-RPC answers an unreadable request with "id": null, which the SDK's response type
    // refuses to carry: written by hand.
    java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    java.util.Map<String, Object> response = new java.util.LinkedHashMap<>();
    response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
    response.put("id", null);
    response.put("error", error);
    try {
      writeLine(mapper.writeValueAsString(response));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot answer a malformed message: {}", e.toString());
    }
  }

  private void write(McpSchema.JSONRPCMessage message) throws IOException {
    writeLine(mapper.writeValueAsString(message));
  }

  private void writeLine(String serialized) throws IOException {
    String json = serialized.replace("\r", "\\r").replace("\n", "\\n");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      out.write(bytes);
      out.write('\n');
      out.flush();
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      McpServerSession s = session;
      if (s != null) {
        s.close();
      }
      terminated.complete(null);
    }
  }

  /** The session's side: sends whole messages, serialised. */
  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> {
        if (closed.get()) {
          return;
        }
        try {
          write(message);
        } catch (IOException e) {
          throw new McpGatewayException("the client stopped reading", e);
        }
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return mapper.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(StdioServerTransport.this::close);
    }

    @Override
    public void close() {
      StdioServerTransport.this.close();
    }
  }
}
