package io.ape.mcp.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the pinned MCP reference servers are, and the gate of the tests that need them: with the
 * servers installed ({@code bash ape-mcp/install-test-servers.sh}) the tests run; without them they
 * are skipped, unless {@code APETEST_REQUIRE_MCP_IT=true} (environment variable or system property,
 * set by CI) makes their absence a failure; {@code APETEST_SKIP_MCP_IT=true} skips them even when they
 * are installed.
 */
final class ReferenceServers {
  static final String FILESYSTEM = ".mcp-servers/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js";
  static final String EVERYTHING = ".mcp-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js";
  static final String MEMORY = ".mcp-servers/node_modules/@modelcontextprotocol/server-memory/dist/index.js";

  private ReferenceServers() {}

  /** The repository root (the directory holding {@code ape-mcp/install-test-servers.sh}). */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("ape-mcp/install-test-servers.sh"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
  }

  /** Skips (or, when CI requires them, fails) unless the three servers are installed. */
  static Path requireInstalled() {
    Path root = root();
    if (flag("APETEST_SKIP_MCP_IT")) {
      Assumptions.abort("APETEST_SKIP_MCP_IT=true: the MCP reference-server tests are skipped");
    }
    boolean installed = Files.isRegularFile(root.resolve(FILESYSTEM))
        && Files.isRegularFile(root.resolve(EVERYTHING)) && Files.isRegularFile(root.resolve(MEMORY));
    if (!installed) {
      String how = "the MCP reference servers are not installed in " + root.resolve(".mcp-servers")
          + "; run: bash ape-mcp/install-test-servers.sh";
      if (flag("APETEST_REQUIRE_MCP_IT")) {
        throw new AssertionError(how + " (APETEST_REQUIRE_MCP_IT=true requires them)");
      }
      Assumptions.abort(how);
    }
    return root;
  }

  private static boolean flag(String name) {
    return "true".equalsIgnoreCase(System.getProperty(name)) || "true".equalsIgnoreCase(System.getenv(name));
  }
}
