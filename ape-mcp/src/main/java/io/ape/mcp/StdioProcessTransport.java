package io.ape.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * An MCP stdio client transport that owns its server process.
 *
 * <p>Unlike the SDK's own stdio transport it sets the working directory, keeps a handle on the
 * process so that {@link #terminate()} kills the whole process tree (an {@code npx} or shell
 * wrapper and the server under it) synchronously, bounds the length of a line it will read,
 * drains standard error into a small ring buffer (so a chatty server never blocks on a full pipe),
 * and reports the exit of the process through {@link #exited()}. {@link #terminate()} is
 * idempotent, thread-safe, and also prevents a later start.
 */
final class StdioProcessTransport implements McpClientTransport {
  private static final Logger LOG = LoggerFactory.getLogger(StdioProcessTransport.class);
  private static final int STDERR_LINES = 20;
  private static final long KILL_WAIT_MILLIS = 5_000;

  private final String serverName;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final McpJsonMapper mapper;
  private final int maxLineChars;
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final java.util.concurrent.CountDownLatch stderrClosed = new java.util.concurrent.CountDownLatch(1);
  private final Object lock = new Object();

  private Process process;
  private boolean terminated;
  private Consumer<Throwable> exceptionHandler = t -> { };
  private volatile java.util.function.Predicate<McpSchema.JSONRPCNotification> swallow = n -> false;

  StdioProcessTransport(String serverName, List<String> command, Map<String, String> env,
      Path workingDirectory, McpJsonMapper mapper, int maxLineChars) {
    this.serverName = serverName;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.workingDirectory = workingDirectory;
    this.mapper = mapper;
    this.maxLineChars = maxLineChars;
  }

  /** Completes with the exit code when the process ends (or exceptionally if it never started). */
  CompletableFuture<Integer> exited() {
    return exited;
  }

  /**
   * Waits, at most {@code millis}, for the process to end and its standard error to be read to
   * the end; returns the exit code if it ended. Used to explain a failure, never on success.
   */
  java.util.OptionalInt awaitExit(long millis) {
    try {
      Integer code = exited.get(millis, TimeUnit.MILLISECONDS);
      stderrClosed.await(millis, TimeUnit.MILLISECONDS);
      return java.util.OptionalInt.of(code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.OptionalInt.empty();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | java.util.concurrent.CancellationException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /** Why the process could not be started, if that is what happened. */
  java.util.Optional<McpConnectException> startFailure() {
    if (exited.isCompletedExceptionally()) {
      try {
        exited.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof McpConnectException mce && mce.getMessage().startsWith("cannot start")) {
          return java.util.Optional.of(mce);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The last lines the server wrote to standard error (unfiltered: redact before showing). */
  List<String> stderrTail() {
    synchronized (stderrTail) {
      return List.copyOf(stderrTail);
    }
  }

  /**
   * Notifications for which {@code filter} answers {@code true} are consumed here, on the reading
   * thread, and never reach the client (whose handlers may send requests: a flood of
   * {@code tools/list_changed} would otherwise become a flood of {@code tools/list}).
   */
  void setNotificationFilter(java.util.function.Predicate<McpSchema.JSONRPCNotification> filter) {
    this.swallow = filter == null ? n -> false : filter;
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    this.exceptionHandler = handler == null ? t -> { } : handler;
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> start(handler));
  }

  private void start(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    Process p;
    synchronized (lock) {
      if (terminated) {
        throw new McpConnectException("the scan of server '" + serverName + "' was stopped before it started");
      }
      if (process != null) {
        throw new McpConnectException("server '" + serverName + "' is already started");
      }
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.directory(workingDirectory.toFile());
      pb.environment().putAll(env);
      try {
        p = pb.start();
      } catch (IOException | RuntimeException e) {
        // Reported through exited() (which the connector races every request against) rather
        // than by failing connect(), which the SDK would log with a stack trace.
        exited.completeExceptionally(new McpConnectException("cannot start '" + command.get(0)
            + "' in " + workingDirectory + ": " + startFailure(e), e));
        return;
      }
      process = p;
    }
    p.onExit().thenAccept(done -> exited.complete(done.exitValue()));
    daemon("stdout", () -> readMessages(p.getInputStream(), handler));
    daemon("stderr", () -> drainErrors(p.getErrorStream()));
  }

  private static String startFailure(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int idx = m.indexOf("error=");
    // "Cannot run program "x" (in directory "..."): error=2, No such file or directory"
    return idx >= 0 ? m.substring(idx) : m;
  }

  private void daemon(String stream, Runnable body) {
    Thread t = new Thread(body, "ape-mcp-" + stream + "-" + serverName);
    t.setDaemon(true);
    t.start();
  }

  private void readMessages(InputStream in, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    try (Reader r = new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = r.read()) >= 0) {
        if (c == '\n') {
          dispatch(line.toString(), handler);
          line.setLength(0);
        } else if (line.length() >= maxLineChars) {
          exceptionHandler.accept(new McpConnectException("server '" + serverName
              + "' sent a message longer than " + maxLineChars + " characters"));
          terminate();
          return;
        } else {
          line.append((char) c);
        }
      }
      if (line.length() > 0) {
        dispatch(line.toString(), handler);
      }
    } catch (IOException e) {
      LOG.debug("stdout of MCP server '{}' closed: {}", serverName, e.toString());
    }
  }

  private void dispatch(String line, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return;
    }
    JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, trimmed);
    } catch (IOException | RuntimeException e) {
      // A server must write only JSON-RPC to stdout; stray output is skipped, never echoed.
      LOG.debug("MCP server '{}' wrote a line to stdout that is not a JSON-RPC message", serverName);
      return;
    }
    if (message instanceof McpSchema.JSONRPCNotification n) {
      try {
        if (swallow.test(n)) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.debug("MCP server '{}': notification filter failed: {}", serverName, e.toString());
        return;
      }
    }
    handler.apply(Mono.just(message)).subscribe(
        ignored -> { },
        e -> LOG.debug("MCP server '{}': message handling failed: {}", serverName, e.toString()));
  }

  private void drainErrors(InputStream err) {
    try (java.io.BufferedReader r = new java.io.BufferedReader(
        new InputStreamReader(err, StandardCharsets.UTF_8))) {
      char[] buf = new char[4096];
      StringBuilder line = new StringBuilder();
      int n;
      while ((n = r.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          char c = buf[i];
          if (c == '\n' || line.length() >= 500) {
            keepErrorLine(line.toString());
            line.setLength(0);
          } else {
            line.append(c);
          }
        }
      }
      if (line.length() > 0) {
        keepErrorLine(line.toString());
      }
    } catch (IOException e) {
      LOG.debug("stderr of MCP server '{}' closed: {}", serverName, e.toString());
    } finally {
      stderrClosed.countDown();
    }
  }

  private void keepErrorLine(String line) {
    if (line.isBlank()) {
      return;
    }
    synchronized (stderrTail) {
      if (stderrTail.size() == STDERR_LINES) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(line);
    }
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    return Mono.fromRunnable(() -> write(message));
  }

  private void write(JSONRPCMessage message) {
    Process p;
    synchronized (lock) {
      p = process;
      if (p == null || terminated) {
        throw startFailure().orElseGet(() -> new McpConnectException("server '" + serverName + "' is not running"));
      }
    }
    try {
      String json = mapper.writeValueAsString(message).replace("\r", "\\r").replace("\n", "\\n");
      OutputStream out = p.getOutputStream();
      synchronized (out) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      throw new McpConnectException("cannot write to server '" + serverName + "': it has stopped reading", e);
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::terminate);
  }

  @Override
  public void close() {
    terminate();
  }

  /**
   * Kills the server and every process under it, and waits (bounded) for them to exit. Safe to
   * call from any thread, any number of times, before or after the start.
   */
  void terminate() {
    Process p;
    synchronized (lock) {
      if (terminated) {
        return;
      }
      terminated = true;
      p = process;
    }
    if (p == null) {
      exited.completeExceptionally(new McpConnectException("server '" + serverName + "' was never started"));
      return;
    }
    List<ProcessHandle> tree = p.toHandle().descendants().collect(Collectors.toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    closeQuietly(p.getOutputStream());
    try {
      if (!p.waitFor(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("MCP server '{}' (pid {}) did not exit after being killed", serverName, p.pid());
      }
      for (ProcessHandle h : tree) {
        h.onExit().get(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("a child process of MCP server '{}' did not exit after being killed", serverName);
    }
    closeQuietly(p.getInputStream());
    closeQuietly(p.getErrorStream());
  }

  private void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("closing a stream of MCP server '{}': {}", serverName, e.toString());
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }
}
