package io.ape.springai.internal;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * A tool callback provider (for example Spring AI's MCP client provider) whose callbacks are
 * all guarded, every time it is asked.
 */
public final class GuardedToolCallbackProvider implements ToolCallbackProvider {
  private final Guard guard;
  private final ToolCallbackProvider delegate;

  /** Guards {@code delegate}. */
  public GuardedToolCallbackProvider(Guard guard, ToolCallbackProvider delegate) {
    this.guard = guard;
    this.delegate = delegate;
  }

  /** The provider guarded. */
  public ToolCallbackProvider delegate() {
    return delegate;
  }

  @Override
  public ToolCallback[] getToolCallbacks() {
    ToolCallback[] callbacks = delegate.getToolCallbacks();
    if (callbacks == null) {
      return new ToolCallback[0];
    }
    ToolCallback[] out = new ToolCallback[callbacks.length];
    for (int i = 0; i < callbacks.length; i++) {
      out[i] = guard.wrap(callbacks[i]);
    }
    return out;
  }
}
