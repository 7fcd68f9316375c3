package io.ape.api;

/**
 * Several providers of one SPI qualify and none was chosen explicitly (or two share an id).
 *
 * @since 0.1.0
 */
public class AmbiguousProviderException extends ApeConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String spi;
  private final java.util.List<String> candidates;


  /** Creates the exception with a message. */
  public AmbiguousProviderException(String spi, java.util.List<String> candidates, String message) {
    super(message);
    this.spi = spi;
    this.candidates = java.util.List.copyOf(candidates);
  }

  /** Creates the exception with a message and a cause. */
  public AmbiguousProviderException(String spi, java.util.List<String> candidates, String message, Throwable cause) {
    super(message, cause);
    this.spi = spi;
    this.candidates = java.util.List.copyOf(candidates);
  }

  /** Returns the SPI interface name. */
  public String spi() {
    return spi;
  }

  /** Returns each candidate as {@code id (class, location)}. */
  public java.util.List<String> candidates() {
    return candidates;
  }
}
