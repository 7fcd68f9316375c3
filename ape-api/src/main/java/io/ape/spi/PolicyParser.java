package io.ape.spi;

import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;

/**
 * Turns the bytes of a policy document into a validated {@link Policy}.
 *
 * <p>Implementations are thread-safe, enforce every {@link PolicyLimits} limit (with a
 * {@link io.ape.api.PolicyLimitException} naming it), reject unknown and duplicate keys, and
 * report every problem with the source name, line and column: a
 * {@link io.ape.api.PolicyParseException} at its {@link io.ape.api.SourceLocation}, or a
 * {@link io.ape.api.PolicyValidationException} whose problems carry theirs. They never return
 * {@code null}, never hang, and never throw anything but {@link PolicyException} subclasses,
 * whatever the bytes (empty, binary, invalid UTF-8, truncated). The policy's
 * {@link Policy#source()} has the given source name and the SHA-256 of {@code content}.
 * Condition operators are not resolved here (custom ones are known only to the engine).
 * {@code io.ape:ape-testkit}'s {@code PolicyParserContract} checks all of this.
 *
 * @since 0.1.0
 */
public interface PolicyParser {
  /**
   * Parses and validates a document.
   *
   * @param content the raw bytes (UTF-8); {@code null} is a {@link io.ape.api.PolicyParseException}
   * @param sourceName the name used in errors and as {@code Policy.source().name()}
   * @param limits limits against hostile input
   * @throws PolicyException if the document is not a valid policy
   */
  Policy parse(byte[] content, String sourceName, PolicyLimits limits);
}
