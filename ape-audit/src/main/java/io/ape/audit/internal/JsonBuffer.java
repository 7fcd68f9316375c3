package io.ape.audit.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte buffer with the few JSON primitives the audit format needs. Writes UTF-8
 * directly, with one fixed escaping so that the same value always produces the same bytes.
 *
 * <p>Escaping: {@code "} and {@code \} are escaped with a backslash; {@code \b \f \n \r \t} use
 * their short forms; every other character below U+0020 and every unpaired surrogate is written
 * as {@code \}{@code u} plus four lower-case hex digits; everything else is written as UTF-8.
 *
 * <p>Not thread-safe; internal to ape-audit, may change at any time.
 */
public final class JsonBuffer {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int size;

  /** Creates a buffer with the given initial capacity. */
  public JsonBuffer(int initialCapacity) {
    this.bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** Number of bytes written. */
  public int size() {
    return size;
  }

  /** The backing array (valid bytes are {@code [0, size)}). */
  public byte[] array() {
    return bytes;
  }

  /** Forgets the content, keeping the capacity. */
  public void reset() {
    size = 0;
  }

  /** Shrinks the content to {@code newSize} bytes. */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("bad size " + newSize);
    }
    size = newSize;
  }

  /** A copy of the written bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Whether the written bytes equal {@code other[off, off+len)}. */
  public boolean contentEquals(byte[] other, int off, int len) {
    return len == size && Arrays.equals(bytes, 0, size, other, off, off + len);
  }

  /** Copies the written bytes into a byte buffer. */
  public void copyTo(ByteBuffer target) {
    target.put(bytes, 0, size);
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed < 0) {
      throw new IllegalStateException("JSON buffer overflow");
    }
    if (needed > bytes.length) {
      int cap = Math.max(needed, bytes.length * 2);
      if (cap < 0) {
        cap = Integer.MAX_VALUE - 8;
      }
      bytes = Arrays.copyOf(bytes, cap);
    }
  }

  /** Appends one ASCII byte. */
  public JsonBuffer raw(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** Appends ASCII text verbatim (the caller guarantees it is ASCII and valid in context). */
  public JsonBuffer raw(String ascii) {
    int n = ascii.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  /** Appends bytes verbatim. */
  public JsonBuffer raw(byte[] b) {
    return raw(b, 0, b.length);
  }

  /** Appends a byte range verbatim. */
  public JsonBuffer raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
    return this;
  }

  /** Appends a decimal long. */
  public JsonBuffer number(long v) {
    if (v >= 0 && v < 10) {
      return raw((char) ('0' + v));
    }
    return raw(Long.toString(v));
  }

  /** Appends bytes as lower-case hex digits. */
  public JsonBuffer hex(byte[] b) {
    ensure(b.length * 2);
    for (byte x : b) {
      bytes[size++] = HEX[(x >> 4) & 0xF];
      bytes[size++] = HEX[x & 0xF];
    }
    return this;
  }

  /** Appends a JSON string literal (with quotes) in the canonical escaping. */
  public JsonBuffer string(String s) {
    int n = s.length();
    ensure(n + 2);
    bytes[size++] = '"';
    int i = 0;
    // ASCII fast path.
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      bytes[size++] = (byte) c;
      i++;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') {
          ensure(2);
          bytes[size++] = '\\';
        } else {
          ensure(1);
        }
        bytes[size++] = (byte) c;
      } else if (c < 0x20) {
        escapeControl(c);
      } else if (c < 0x800) {
        ensure(2);
        bytes[size++] = (byte) (0xC0 | (c >> 6));
        bytes[size++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        ensure(4);
        bytes[size++] = (byte) (0xF0 | (cp >> 18));
        bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        ensure(3);
        bytes[size++] = (byte) (0xE0 | (c >> 12));
        bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    ensure(1);
    bytes[size++] = '"';
    return this;
  }

  private void escapeControl(char c) {
    char shortForm;
    switch (c) {
      case '\b': shortForm = 'b'; break;
      case '\f': shortForm = 'f'; break;
      case '\n': shortForm = 'n'; break;
      case '\r': shortForm = 'r'; break;
      case '\t': shortForm = 't'; break;
      default: shortForm = 0; break;
    }
    if (shortForm != 0) {
      ensure(2);
      bytes[size++] = '\\';
      bytes[size++] = (byte) shortForm;
    } else {
      unicodeEscape(c);
    }
  }

  private void unicodeEscape(char c) {
    ensure(6);
    bytes[size++] = '\\';
    bytes[size++] = 'u';
    bytes[size++] = HEX[(c >> 12) & 0xF];
    bytes[size++] = HEX[(c >> 8) & 0xF];
    bytes[size++] = HEX[(c >> 4) & 0xF];
    bytes[size++] = HEX[c & 0xF];
  }
}
