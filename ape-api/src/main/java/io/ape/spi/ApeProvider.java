package io.ape.spi;

/**
 * Base contract of every ServiceLoader-discovered APE provider. Implementations need a public
 * no-argument constructor and must be registered in {@code META-INF/services}.
 *
 * @since 0.1.0
 */
public interface ApeProvider {
  /**
   * A stable, lower-case id, unique within one SPI, e.g. {@code yaml}: it matches
   * {@code [a-z0-9][a-z0-9_.-]{0,63}} (kebab-case by convention; a condition operator's
   * provider uses the operator's snake_case name).
   */
  String id();

  /**
   * Used only when several providers of one SPI are present and none was chosen explicitly;
   * higher wins, and a tie is an error.
   */
  default int priority() {
    return 0;
  }
}
