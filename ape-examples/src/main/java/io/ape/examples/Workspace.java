package io.ape.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Maps the policy's logical {@code /workspace/...} paths onto a real directory, and refuses
 * anything outside it. The example tools use it so that the bundled policies (which allow
 * {@code /workspace}) work against a temporary directory.
 */
final class Workspace {
  static final String PREFIX = "/workspace";
  private final Path root;

  Workspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** The real file for a logical path; refuses paths outside {@code /workspace}. */
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

  String write(Map<String, Object> parameters) throws IOException {
    Files.writeString(resolve(parameters.get("path")), String.valueOf(parameters.get("content")));
    return "written";
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

  /** The bundled policy {@code name}, looked up from the repository root or a module. */
  static Path policy(String name) {
    for (String base : List.of("policies", "../policies")) {
      Path p = Path.of(base, name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find policies/" + name
        + "; run from the repository root or pass the policy path");
  }
}
