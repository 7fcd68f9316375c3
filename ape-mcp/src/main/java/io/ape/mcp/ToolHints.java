package io.ape.mcp;

/**
 * A tool's behaviour hints from its MCP annotations. Each is {@code null} when the server did not
 * say. They are claims made by the server: the policy generator trusts a read-only claim only
 * when nothing contradicts it, and treats every missing hint as the risky answer.
 *
 * @param readOnly {@code readOnlyHint}: the tool does not modify its environment
 * @param destructive {@code destructiveHint}: the tool may perform destructive updates
 * @param idempotent {@code idempotentHint}: repeating a call has no additional effect
 * @param openWorld {@code openWorldHint}: the tool interacts with an open world of external entities
 */
public record ToolHints(Boolean readOnly, Boolean destructive, Boolean idempotent, Boolean openWorld) {
  private static final ToolHints UNKNOWN = new ToolHints(null, null, null, null);

  /** No hints at all. */
  public static ToolHints unknown() {
    return UNKNOWN;
  }

  /** {@code true} only if the server explicitly claimed {@code readOnlyHint: true}. */
  public boolean claimsReadOnly() {
    return Boolean.TRUE.equals(readOnly);
  }

  /** {@code true} if the server explicitly claimed {@code destructiveHint: true}. */
  public boolean claimsDestructive() {
    return Boolean.TRUE.equals(destructive);
  }

  /** {@code true} if the server explicitly claimed {@code openWorldHint: true}. */
  public boolean claimsOpenWorld() {
    return Boolean.TRUE.equals(openWorld);
  }

  /** {@code true} if no hint was given. */
  public boolean isUnknown() {
    return readOnly == null && destructive == null && idempotent == null && openWorld == null;
  }
}
