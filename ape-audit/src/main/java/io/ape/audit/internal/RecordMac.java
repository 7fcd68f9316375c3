package io.ape.audit.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over audit records. The MAC of a record is computed over the record exactly as
 * it would be written without a MAC: its line up to (excluding) {@code ,"mac":}, followed by
 * the closing {@code }}. Internal to ape-audit.
 */
public final class RecordMac {
  /** The minimum key length in bytes (the HMAC-SHA256 output size). */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * Creates the MAC for a key.
   *
   * @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES}
   */
  public RecordMac(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("an HMAC key needs at least " + MIN_KEY_BYTES
          + " bytes, got " + (key == null ? 0 : key.length));
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** A fresh, initialised {@link Mac} (not thread-safe; one per thread). */
  public Mac newMac() {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Whether the record in {@code line} carries the right MAC. */
  public static boolean check(Mac mac, byte[] line, ParsedRecord r) {
    if (!r.hasMac()) {
      return false;
    }
    mac.reset();
    mac.update(line, 0, r.macOffset());
    mac.update((byte) '}');
    byte[] expected = mac.doFinal();
    byte[] actual;
    try {
      actual = Hex.decode(r.mac());
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean ok = MessageDigest.isEqual(expected, actual);
    Arrays.fill(expected, (byte) 0);
    return ok;
  }
}
