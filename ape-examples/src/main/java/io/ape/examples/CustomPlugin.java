package io.ape.examples;

import io.ape.api.AuditEventType;
import io.ape.api.Decision;
import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.spi.AuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins found through {@link java.util.ServiceLoader}: this module's
 * {@code META-INF/services} registers a condition operator ({@code max_path_depth}, used by the
 * policy) and an audit sink ({@code example-counting}). The engine selects both by itself: the
 * operator because the policy uses it, the sink because {@code ape.audit.sinks} names it. No
 * code here selects a provider.
 */
public final class CustomPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(CustomPlugin.class);

  static final String POLICY = String.join("\n",
      "name: depth_limited",
      "version: \"1.0.0\"",
      "default_decision: deny",
      "rules:",
      "  - id: shallow-reads",
      "    action: read_file",
      "    decision: allow",
      "    conditions:",
      "      path: { path_within: /workspace, max_path_depth: 3 }",
      "");

  /** The decisions for a shallow and a deep path, and what the custom sink counted. */
  public record Result(Decision shallow, Decision deep, List<String> sinkIds,
      int decisionsAudited) {}

  private CustomPlugin() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("ape-plugin");
    Result r = run(dir);
    LOG.info("shallow: {} ({})", r.shallow().outcome(), r.shallow().reason());
    LOG.info("deep: {} ({})", r.deep().outcome(), r.deep().reason());
    LOG.info("audit sinks {} counted {} decisions", r.sinkIds(), r.decisionsAudited());
  }

  /** Builds an engine that selects both plugins, runs a shallow and a deep read through it. */
  public static Result run(Path dir) {
    Path policyFile = dir.resolve("depth_limited.yaml");
    try {
      Files.writeString(policyFile, POLICY, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ApeEngine engine = ApeEngine.builder().policyFile(policyFile)
        .configuration(Map.of("ape.audit.sinks", CountingAuditSinkProvider.ID))
        .build()) {
      engine.registerTool("read_file", arguments -> "contents of " + arguments.get("path"));
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      GuardedCallResult shallow = session.call("read_file", Map.of("path", "/workspace/docs/a.md"));
      GuardedCallResult deep = session.call("read_file", Map.of("path", "/workspace/a/b/c/d.md"));
      List<String> ids = new ArrayList<>();
      int counted = 0;
      for (AuditSink sink : engine.audit().sinks()) {
        if (sink instanceof CountingAuditSink counting) {
          ids.add(CountingAuditSinkProvider.ID);
          counted += counting.count(AuditEventType.DECISION);
        }
      }
      return new Result(shallow.decision(), deep.decision(), ids, counted);
    }
  }
}
