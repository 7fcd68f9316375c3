package io.ape.api;

/**
 * A value cannot be written in canonical JSON: an unsupported type, a non-string key, or
 * nesting deeper than {@link CanonicalJson#MAX_DEPTH}.
 *
 * @since 0.2.0
 */
public class CanonicalizationException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public CanonicalizationException(String message) {
    super(message);
  }
}
