package io.ape.core.compiler;

/**
 * A value named in a prompt.
 *
 * @param kind what it is
 * @param start start offset in the prompt (of the whole span, quotes included)
 * @param end end offset (exclusive)
 * @param value the value (quotes removed, trailing punctuation trimmed)
 * @param quoted whether it was written in quotes or backticks
 */
record Entity(EntityKind kind, int start, int end, String value, boolean quoted) {
  boolean overlaps(int s, int e) {
    return start < e && s < end;
  }

  boolean within(int s, int e) {
    return start >= s && end <= e;
  }
}
