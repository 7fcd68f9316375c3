package io.ape.spi;

import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;

/**
 * Turns the bytes of a policy document into a validated {@link Policy}.
 *
 * <p>Implementations are thread-safe, enforce every {@link PolicyLimits} limit, reject unknown
 * and duplicate keys, and report every problem with the source name, line and column. They
 * never return {@code null} and never throw anything but {@link PolicyException} subclasses.
 */
public interface PolicyParser {
  /**
   * Parses and validates a document.
   *
   * @param content the raw bytes (UTF-8)
   * @param sourceName the name used in errors and as {@code Policy.source().name()}
   * @param limits limits against hostile input
   * @throws PolicyException if the document is not a valid policy
   */
  Policy parse(byte[] content, String sourceName, PolicyLimits limits);
}
