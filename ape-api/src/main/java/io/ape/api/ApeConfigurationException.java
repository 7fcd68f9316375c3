package io.ape.api;

/**
 * Invalid configuration: a builder option, a config key, or provider selection.
 *
 * @since 0.1.0
 */
public class ApeConfigurationException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ApeConfigurationException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ApeConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
