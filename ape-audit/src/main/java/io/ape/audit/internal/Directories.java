package io.ape.audit.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a new directory entry durable. Internal to ape-audit. */
final class Directories {
  private static final Logger LOG = LoggerFactory.getLogger(Directories.class);

  private Directories() {}

  /**
   * Forces the directory containing {@code file}, so that a newly created file survives a
   * crash. Some platforms cannot open a directory; that is logged, not fatal, because the
   * file's own content is forced separately.
   */
  static void sync(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot force directory {} on this platform: {}", dir, e.toString());
    }
  }
}
