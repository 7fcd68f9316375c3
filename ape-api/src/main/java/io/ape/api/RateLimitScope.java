package io.ape.api;

/**
 * What a {@link RateLimit} counts.
 *
 * @since 0.1.0
 */
public enum RateLimitScope {
  /** All actions of the engine. */
  GLOBAL,
  /** All actions of one session. */
  SESSION,
  /** One action id (across sessions). */
  ACTION,
  /** All actions whose target (host or path) matches one pattern: one counter per pattern. */
  TARGET
}
