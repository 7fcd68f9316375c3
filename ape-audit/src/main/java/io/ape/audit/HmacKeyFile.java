package io.ape.audit;

import io.ape.audit.internal.KeyFile;
import java.nio.file.Path;

/**
 * Reads an audit HMAC key file the way the JSON-lines sink and the verifier do: the file's
 * bytes, unchanged, are the key (32 to 4096 bytes; a file readable by group or others is
 * accepted with a warning). For tools that must hold the key themselves, e.g. to derive the
 * redaction key of the same log ({@code io.ape.core.audit.KeyedRedaction#keyDerivedFrom}).
 *
 * @since 0.2.0
 */
public final class HmacKeyFile {
  private HmacKeyFile() {}

  /**
   * The key in {@code file}.
   *
   * @param option the option or configuration key that named the file, for errors
   * @throws io.ape.api.ApeConfigurationException if the file is missing, unreadable, too short
   *     or too long
   */
  public static byte[] read(Path file, String option) {
    return KeyFile.read(file, option);
  }
}
