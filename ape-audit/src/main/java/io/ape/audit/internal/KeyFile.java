package io.ape.audit.internal;

import io.ape.api.ApeConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HMAC key file: the file's bytes, unchanged, are the key (at least 32 and at most
 * 4096 bytes). A file readable by group or others is accepted with a warning. Internal to
 * ape-audit.
 */
public final class KeyFile {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
  private static final int MAX_BYTES = 4096;

  private KeyFile() {}

  /**
   * Reads the key.
   *
   * @param configKey the configuration key to name in errors
   * @throws ApeConfigurationException if the file is missing, unreadable, too short or too long
   */
  public static byte[] read(Path file, String configKey) {
    if (file == null) {
      throw new ApeConfigurationException(configKey + " must name a file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ApeConfigurationException(configKey + " names '" + file
          + "', which is not a readable file");
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ApeConfigurationException(configKey + " names '" + file + "', which has "
            + size + " bytes; an HMAC key file holds at most " + MAX_BYTES);
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < RecordMac.MIN_KEY_BYTES) {
        throw new ApeConfigurationException(configKey + " names '" + file + "', which has only "
            + key.length + " bytes; an HMAC key needs at least " + RecordMac.MIN_KEY_BYTES);
      }
      warnIfShared(file);
      return key;
    } catch (IOException e) {
      throw new ApeConfigurationException(configKey + " names '" + file
          + "', which cannot be read: " + e, e);
    }
  }

  private static void warnIfShared(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    if (perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("the audit HMAC key file {} is readable by group or others; restrict it to its "
          + "owner (chmod 600)", file);
    }
  }
}
