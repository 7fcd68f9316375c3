package io.ape.core.canonical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex SHA-256 digests. Thread-safe; one {@link MessageDigest} per thread is reused
 * so that hashing on the hot path does not look the algorithm up each time.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lower-case hex characters. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}, as 64 lower-case hex characters. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(digest(bytes));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] digest(byte[] bytes) {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md.digest(bytes);
  }

  /** SHA-256 of the canonical JSON of {@code value}, as hex. */
  public static String ofCanonical(Object value) {
    return hex(CanonicalJson.write(value));
  }

  /** {@code true} if {@code s} is 64 lower-case hex characters. */
  public static boolean isHexDigest(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
