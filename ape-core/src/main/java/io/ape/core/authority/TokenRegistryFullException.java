package io.ape.core.authority;

import io.ape.api.AuthorityException;

/** The token registry holds its maximum number of outstanding tokens; nothing is issued. */
public final class TokenRegistryFullException extends AuthorityException {
  private static final long serialVersionUID = 1L;
  private final int capacity;

  /** Creates the exception for a registry of {@code capacity} tokens. */
  public TokenRegistryFullException(int capacity) {
    super("authority token registry is full (" + capacity + " outstanding tokens); refusing to "
        + "issue. Consume or revoke outstanding tokens, or raise the capacity");
    this.capacity = capacity;
  }

  /** The registry's capacity. */
  public int capacity() {
    return capacity;
  }
}
