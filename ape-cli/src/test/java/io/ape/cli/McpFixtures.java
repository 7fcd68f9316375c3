package io.ape.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MCP client configurations in src/test/resources/mcp (small copies of ape-mcp's fixtures,
 * plus failing-servers.json), copied into a test's directory so that commands may write beside
 * them.
 */
final class McpFixtures {
  /** Every secret value in the fixtures contains this. */
  static final String SECRET_MARK = "fixture-secret";

  /** The configurations of every supported client format that declare servers. */
  static final List<String> CLIENT_CONFIGS = List.of("claude_desktop_config.json", "claude.json",
      "cursor-mcp.json", "gemini-settings.json", "vscode-mcp.json", "vscode-settings.json",
      "windsurf-mcp_config.json");

  private McpFixtures() {}

  /** Copies the fixture {@code name} to {@code dir/name}. */
  static Path copy(String name, Path dir) {
    try (InputStream in = McpFixtures.class.getResourceAsStream("/mcp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secret values of a fixture: every quoted string containing {@link #SECRET_MARK}. */
  static List<String> secrets(Path fixture) {
    try {
      return java.util.regex.Pattern.compile("fixture-secret[A-Za-z0-9-]*")
          .matcher(Files.readString(fixture)).results().map(m -> m.group()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
