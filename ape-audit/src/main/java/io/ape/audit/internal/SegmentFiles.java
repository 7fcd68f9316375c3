package io.ape.audit.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Names of the files of one rotated audit log. Segment 0 is the configured path itself
 * ({@code audit.jsonl}); segment {@code k > 0} is {@code audit.jsonl.k}. Segments are never
 * renamed: the one with the highest index is the one being written, and index order is
 * chronological order. Internal to ape-audit.
 */
public final class SegmentFiles {
  private SegmentFiles() {}

  /** The path of segment {@code index} of the log at {@code base}. */
  public static Path segment(Path base, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative segment index");
    }
    return index == 0 ? base : base.resolveSibling(base.getFileName() + "." + index);
  }

  /**
   * The indices of the segments that exist, in ascending order.
   *
   * @throws IOException if the directory cannot be listed
   */
  public static List<Integer> existingIndices(Path base) throws IOException {
    Path dir = base.toAbsolutePath().getParent();
    String name = base.getFileName().toString();
    TreeMap<Integer, Path> found = new TreeMap<>();
    if (Files.isRegularFile(base)) {
      found.put(0, base);
    }
    if (dir != null && Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name + ".*")) {
        for (Path p : ds) {
          String suffix = p.getFileName().toString().substring(name.length() + 1);
          Integer index = parseIndex(suffix);
          if (index != null && Files.isRegularFile(p)) {
            found.put(index, p);
          }
        }
      }
    }
    return new ArrayList<>(found.keySet());
  }

  /** The existing segment files of the log at {@code base}, oldest first. */
  public static List<Path> existing(Path base) throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i : existingIndices(base)) {
      out.add(segment(base, i));
    }
    return out;
  }

  private static Integer parseIndex(String suffix) {
    if (suffix.isEmpty() || suffix.length() > 9 || suffix.charAt(0) == '0') {
      return null;
    }
    for (int i = 0; i < suffix.length(); i++) {
      char c = suffix.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Integer.parseInt(suffix);
  }
}
