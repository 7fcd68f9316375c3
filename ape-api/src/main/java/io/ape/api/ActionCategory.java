package io.ape.api;

import java.util.Locale;

/**
 * The category of an action, as in the Python original's {@code ActionCategory}.
 *
 * <p>Declaration order is significant: it is the order in which categories are listed when a
 * repository is rendered for a model prompt. {@link #value()} is the lower-case name used in
 * files, digests and prompts (e.g. {@code file_read}).
 *
 * @since 0.1.0
 */
public enum ActionCategory {
  /** Reads files or directories. */
  FILE_READ,
  /** Creates or changes files or directories. */
  FILE_WRITE,
  /** Deletes files or directories. */
  FILE_DELETE,
  /** Talks to other hosts. */
  NETWORK,
  /** Reads a database. */
  DATABASE_READ,
  /** Changes a database. */
  DATABASE_WRITE,
  /** Acts on the operating system (shell commands). */
  SYSTEM,
  /** Sends messages to people (e-mail, chat, notifications). */
  COMMUNICATION,
  /** Runs code. */
  COMPUTE,
  /** Anything else; the category of most custom actions. */
  CUSTOM;

  /** The lower-case name, e.g. {@code file_read}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a lower-case category name, exactly (no trimming, no case folding).
   *
   * @throws IllegalArgumentException for anything else, including {@code null}
   */
  public static ActionCategory fromValue(String value) {
    if (value != null) {
      for (ActionCategory c : values()) {
        if (c.value().equals(value)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("unknown action category '" + ActionIds.printable(value)
        + "' (expected one of file_read, file_write, file_delete, network, database_read,"
        + " database_write, system, communication, compute, custom)");
  }
}
