package io.ape.core.canonical;

import io.ape.api.ApeException;

/** A value cannot be written in canonical JSON (unsupported type, non-string key, too deep). */
public final class CanonicalizationException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public CanonicalizationException(String message) {
    super(message);
  }
}
