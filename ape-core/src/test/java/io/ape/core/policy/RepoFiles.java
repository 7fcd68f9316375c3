package io.ape.core.policy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of this repository from a module directory. It never looks above the
 * repository's root (the first directory, from the working directory up, that holds the
 * parent {@code pom.xml} and {@code ape-api/}), so no test reads anything beside the checkout.
 */
final class RepoFiles {
  private RepoFiles() {}

  /** The repository's root directory. */
  static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isRegularFile(dir.resolve("ape-api/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("the repository root (pom.xml and ape-api/) is not above "
        + start);
  }

  /**
   * {@code relative} inside the repository.
   *
   * @throws IllegalStateException if it does not exist
   */
  static Path find(String relative) {
    Path candidate = root().resolve(relative).normalize();
    if (!candidate.startsWith(root()) || !Files.exists(candidate)) {
      throw new IllegalStateException(relative + " not found in the repository: " + candidate);
    }
    return candidate;
  }
}
