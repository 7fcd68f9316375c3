package io.ape.core.policy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (and the shared directory beside it) from a module directory. */
final class RepoFiles {
  private RepoFiles() {}

  /**
   * The first {@code relative} path found in the working directory or one of its parents.
   *
   * @throws IllegalStateException naming every directory searched, if there is none
   */
  static Path find(String relative) {
    Path start = Path.of("").toAbsolutePath();
    StringBuilder searched = new StringBuilder();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      searched.append("\n  ").append(candidate);
    }
    throw new IllegalStateException(relative + " not found; searched:" + searched);
  }
}
