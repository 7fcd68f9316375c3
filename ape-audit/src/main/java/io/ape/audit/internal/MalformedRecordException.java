package io.ape.audit.internal;

/** A line is not a canonical audit record; the message says why. Internal to ape-audit. */
public final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public MalformedRecordException(String message) {
    super(message, null, false, false);
  }
}
