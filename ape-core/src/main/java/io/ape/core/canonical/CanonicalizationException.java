package io.ape.core.canonical;

/**
 * A value cannot be written in canonical JSON (unsupported type, non-string key, too deep).
 * A {@link io.ape.api.CanonicalizationException}, so a handler of either type catches it.
 */
public final class CanonicalizationException extends io.ape.api.CanonicalizationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public CanonicalizationException(String message) {
    super(message);
  }

  /** The same problem, as this type. */
  static CanonicalizationException of(io.ape.api.CanonicalizationException e) {
    return e instanceof CanonicalizationException own ? own
        : new CanonicalizationException(e.getMessage());
  }
}
