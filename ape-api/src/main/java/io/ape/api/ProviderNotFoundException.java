package io.ape.api;

/**
 * A required provider, or one named in configuration, is not on the class path.
 *
 * @since 0.1.0
 */
public class ProviderNotFoundException extends ApeConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String spi;
  private final String requestedId;


  /** Creates the exception with a message. */
  public ProviderNotFoundException(String spi, String requestedId, String message) {
    super(message);
    this.spi = spi;
    this.requestedId = requestedId;
  }

  /** Creates the exception with a message and a cause. */
  public ProviderNotFoundException(String spi, String requestedId, String message, Throwable cause) {
    super(message, cause);
    this.spi = spi;
    this.requestedId = requestedId;
  }

  /** Returns the SPI interface name. */
  public String spi() {
    return spi;
  }

  /** Returns the id asked for, or {@code ""} if none. */
  public String requestedId() {
    return requestedId;
  }
}
