package io.ape.core.enforcement;

/**
 * An opaque handle to a registered tool. It names the tool and says whether it is trusted; it
 * cannot invoke the tool nor hand it back. Only the enforcement gate can run a registered tool.
 * Equality is identity.
 */
public final class ToolHandle {
  private final ToolRegistry registry;
  private final String toolId;
  private final boolean trusted;

  ToolHandle(ToolRegistry registry, String toolId, boolean trusted) {
    this.registry = registry;
    this.toolId = toolId;
    this.trusted = trusted;
  }

  /** The tool id. */
  public String toolId() {
    return toolId;
  }

  /** Whether the tool's output is trusted (labelled SYSTEM_TRUSTED instead of EXTERNAL_UNTRUSTED). */
  public boolean trusted() {
    return trusted;
  }

  /** Whether this handle was issued by {@code r}. */
  public boolean belongsTo(ToolRegistry r) {
    return registry == r;
  }

  @Override
  public String toString() {
    return "ToolHandle[" + toolId + (trusted ? ", trusted" : "") + "]";
  }
}
