package io.ape.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Maps the policy's {@code /workspace/...} paths onto the demo's temporary directory. */
final class DemoWorkspace {
  private static final String PREFIX = "/workspace";
  private final Path root;

  DemoWorkspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path resolve(Object logical) throws IOException {
    if (!(logical instanceof String)) {
      throw new IOException("path must be a string");
    }
    String s = (String) logical;
    if (!s.equals(PREFIX) && !s.startsWith(PREFIX + "/")) {
      throw new IOException("path is outside " + PREFIX + ": " + s);
    }
    Path real = root.resolve(s.substring(PREFIX.length()).replaceFirst("^/+", "")).normalize();
    if (!real.startsWith(root)) {
      throw new IOException("path escapes the workspace: " + s);
    }
    return real;
  }

  String read(Map<String, Object> parameters) throws IOException {
    return Files.readString(resolve(parameters.get("path")));
  }

  String delete(Map<String, Object> parameters) throws IOException {
    Files.delete(resolve(parameters.get("path")));
    return "deleted";
  }

  List<String> list(Map<String, Object> parameters) throws IOException {
    try (Stream<Path> s = Files.list(resolve(parameters.get("path")))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".yaml")).sorted().toList();
    }
  }
}
