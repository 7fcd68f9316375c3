package io.ape.springai;

import io.ape.engine.AgentSession;
import java.util.Objects;

/**
 * Binds an APE session to the current thread for the duration of a chat call, so that the
 * guarded tool callbacks it runs find their session without anything in Spring AI's
 * {@code ToolContext} (which Spring AI copies into MCP {@code _meta}: a session id is a bearer
 * credential and must not leave the process).
 *
 * <pre>{@code
 * try (ApeSessionScope scope = ApeSessionScope.open(session)) {
 *   return chatClient.prompt().user(text).call().content();
 * }
 * }</pre>
 *
 * <p>Scopes nest; closing restores the outer one. A tool call that runs on another thread
 * (streaming) finds no scope and is refused unless a {@link SessionMapping} finds the session.
 *
 * @since 0.2.0
 */
public final class ApeSessionScope implements AutoCloseable {
  private static final ThreadLocal<ApeSessionScope> CURRENT = new ThreadLocal<>();

  private final AgentSession session;
  private final ApeSessionScope outer;
  private final Thread owner;
  private boolean closed;

  private ApeSessionScope(AgentSession session, ApeSessionScope outer) {
    this.session = session;
    this.outer = outer;
    this.owner = Thread.currentThread();
  }

  /** Binds {@code session} to this thread until {@link #close()}. */
  public static ApeSessionScope open(AgentSession session) {
    ApeSessionScope scope = new ApeSessionScope(Objects.requireNonNull(session, "session"),
        CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  /** The session bound to this thread, or {@code null}. */
  static AgentSession current() {
    ApeSessionScope s = CURRENT.get();
    return s == null ? null : s.session;
  }

  /** Unbinds; closing twice, or on another thread, does nothing. */
  @Override
  public void close() {
    if (closed || Thread.currentThread() != owner) {
      return;
    }
    closed = true;
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }
}
