package io.ape.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Access to the fixture files in src/test/resources/fixtures. */
final class Fixtures {
  /** Every secret value in the fixtures contains this. */
  static final String SECRET_MARK = "fixture-secret";

  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a fixture to {@code dir/relative}, creating directories. */
  static Path copy(String name, Path dir, String relative) {
    try {
      Path target = dir.resolve(relative);
      Files.createDirectories(target.getParent());
      return Files.copy(path(name), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static McpConfig read(String name) {
    return new McpConfigReader().read(path(name));
  }
}
