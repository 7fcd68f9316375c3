package io.ape.springai;

import io.ape.springai.internal.Guard;
import io.ape.springai.internal.GuardedToolCallbackProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.support.ToolCallbacks;

/**
 * Turns Spring AI tool callbacks into guarded ones: each call becomes the engine's guarded call
 * (decision, token, gate, audit), the original callback runs with the parameters the token
 * binds and with the caller's own {@code ToolContext} (APE adds nothing to it), and the result
 * is recorded as untrusted input of the session. Each tool is registered with the engine under
 * its tool name (the action id). Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class ApeToolCallbacks {
  private final Guard guard;

  ApeToolCallbacks(Guard guard) {
    this.guard = guard;
  }

  /** One callback, guarded. */
  public ToolCallback guard(ToolCallback callback) {
    return guard.wrap(callback);
  }

  /** Callbacks, guarded. */
  public ToolCallback[] guard(ToolCallback... callbacks) {
    ToolCallback[] out = new ToolCallback[callbacks.length];
    for (int i = 0; i < callbacks.length; i++) {
      out[i] = guard.wrap(callbacks[i]);
    }
    return out;
  }

  /** The {@code @Tool} methods of {@code toolObjects}, as Spring AI finds them, guarded. */
  public List<ToolCallback> from(Object... toolObjects) {
    List<ToolCallback> out = new ArrayList<>();
    for (ToolCallback c : ToolCallbacks.from(toolObjects)) {
      out.add(guard.wrap(c));
    }
    return List.copyOf(out);
  }

  /** A provider whose callbacks are guarded every time it is asked. */
  public ToolCallbackProvider guard(ToolCallbackProvider provider) {
    Objects.requireNonNull(provider, "provider");
    if (provider instanceof GuardedToolCallbackProvider) {
      return provider;
    }
    return new GuardedToolCallbackProvider(guard, provider);
  }

  /**
   * The names of the guarded tools whose original is a Spring AI MCP client tool callback (the
   * auto-configuration keeps them out of the Spring AI MCP server, as Spring AI does).
   */
  public java.util.Set<String> mcpClientTools() {
    return guard.mcpClientTools();
  }

  /** An advisor that records each chat call's user message in the session (trusted input). */
  public ApeUserMessageAdvisor userMessageAdvisor() {
    return new ApeUserMessageAdvisor(guard.engine(), guard.sessions());
  }
}
