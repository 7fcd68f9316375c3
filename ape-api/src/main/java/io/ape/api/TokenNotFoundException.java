package io.ape.api;

/**
 * The token was not issued by this engine's issuer (forged, copied, or already dropped).
 *
 * @since 0.1.0
 */
public class TokenNotFoundException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public TokenNotFoundException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public TokenNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
