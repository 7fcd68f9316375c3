package io.ape.core.compiler;

/**
 * Kinds of value a prompt can name. In the masked prompt every character of an entity is
 * replaced by its kind's private-use mask character, so that action patterns can refer to
 * "a path" or "a URL" without re-parsing it, and words inside quoted text (data, not
 * instructions) never match a verb.
 */
enum EntityKind {
  /** A file or directory path (also a quoted one). */
  PATH('\uE001'),
  /** An absolute URL with a scheme. */
  URL('\uE002'),
  /** An e-mail address. */
  EMAIL('\uE003'),
  /** Quoted text that is none of the above. */
  TEXT('\uE004'),
  /** A glob pattern ({@code *.py}). */
  GLOB('\uE005'),
  /** A chat channel ({@code #ops}). */
  CHANNEL('\uE006');

  private final char mask;

  EntityKind(char mask) {
    this.mask = mask;
  }

  char mask() {
    return mask;
  }

  /** A regular-expression fragment matching one masked entity of this kind. */
  String regex() {
    return String.format("\\x{%04X}+", (int) mask);
  }
}
