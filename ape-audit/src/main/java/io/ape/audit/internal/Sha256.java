package io.ape.audit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 instances. Internal to ape-audit. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest (not thread-safe; one per thread). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The hex SHA-256 of {@code b[off, off+len)}. */
  public static String hex(MessageDigest md, byte[] b, int off, int len) {
    md.reset();
    md.update(b, off, len);
    return Hex.encode(md.digest());
  }
}
