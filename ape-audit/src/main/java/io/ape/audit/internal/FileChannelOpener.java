package io.ape.audit.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Opens the channels the JSON-lines sink writes to. The default creates files readable and
 * writable by the owner only (where the file system supports POSIX permissions). Tests inject
 * channels that fail or count {@code force} calls. Internal to ape-audit.
 */
@FunctionalInterface
public interface FileChannelOpener {
  /** Opens a channel on {@code path} with the given options. */
  FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

  /** The default opener: {@link FileChannel#open} with owner-only permissions on creation. */
  static FileChannelOpener defaults() {
    return (path, options) -> {
      FileSystem fs = path.getFileSystem();
      if (fs.supportedFileAttributeViews().contains("posix")) {
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
        return FileChannel.open(path, options, ownerOnly);
      }
      return FileChannel.open(path, options);
    };
  }
}
