package io.ape.api;

/**
 * A provider failed to load or threw while creating its component.
 *
 * @since 0.1.0
 */
public class ProviderException extends ApeException {
  private static final long serialVersionUID = 1L;
  private final String providerId;


  /** Creates the exception with a message. */
  public ProviderException(String providerId, String message) {
    super(message);
    this.providerId = providerId;
  }

  /** Creates the exception with a message and a cause. */
  public ProviderException(String providerId, String message, Throwable cause) {
    super(message, cause);
    this.providerId = providerId;
  }

  /** Returns the provider id, or the class name when unknown. */
  public String providerId() {
    return providerId;
  }
}
