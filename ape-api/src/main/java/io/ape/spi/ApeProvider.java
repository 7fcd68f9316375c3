package io.ape.spi;

/**
 * Base contract of every ServiceLoader-discovered APE provider. Implementations need a public
 * no-argument constructor and must be registered in {@code META-INF/services}.
 */
public interface ApeProvider {
  /** A stable, lower-case, kebab-case id, unique within one SPI, e.g. {@code yaml}. */
  String id();

  /**
   * Used only when several providers of one SPI are present and none was chosen explicitly;
   * higher wins, and a tie is an error.
   */
  default int priority() {
    return 0;
  }
}
