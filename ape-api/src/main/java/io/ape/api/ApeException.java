package io.ape.api;

/**
 * The root of every exception APE throws. Unchecked; catch this one type to handle them all.
 *
 * <p>Messages say what went wrong, where, and how to fix it. Subclasses carry the structured
 * data a handler needs (action id, reason, limit, reset time) as typed accessors.
 *
 * @since 0.1.0
 */
public abstract class ApeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ApeException(String message) {
    super(message);
  }

  protected ApeException(String message, Throwable cause) {
    super(message, cause);
  }
}
