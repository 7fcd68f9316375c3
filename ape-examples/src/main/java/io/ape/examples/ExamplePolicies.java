package io.ape.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the bundled policy files ({@code policies/} at the root of the repository). */
final class ExamplePolicies {
  private ExamplePolicies() {}

  /** The path of {@code policies/<name>}, searched upwards from the working directory. */
  static Path file(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("policies").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("policies/" + name + " not found above the working directory");
  }
}
