package io.ape.examples;

import io.ape.api.AuditEventType;
import io.ape.api.Decision;
import io.ape.core.audit.AuditLog;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins found through {@link java.util.ServiceLoader}: this module's
 * {@code META-INF/services} registers a condition operator ({@code max_path_depth}, used by a
 * policy the engine loads) and an audit sink ({@code example-counting}, enabled by
 * {@code ape.audit.sinks} and wired into an {@link AuditLog}).
 */
public final class CustomPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(CustomPlugin.class);

  /** The audit-sink providers, enabled by {@code ape.audit.sinks}. */
  static final ProviderSpec<AuditSinkProvider> AUDIT_SINKS =
      ProviderSpec.of(AuditSinkProvider.class, "ape.audit.sinks", "");

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

  /** Loads the plugins, evaluates two reads and audits both decisions. */
  public static Result run(Path dir) {
    Path policyFile = dir.resolve("depth_limited.yaml");
    try {
      Files.writeString(policyFile, POLICY, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PolicyEngine policy = PolicyEngine.fromFile(policyFile); // finds max_path_depth by ServiceLoader

    Map<String, String> config = Map.of("ape.audit.sinks", CountingAuditSinkProvider.ID);
    ProviderSelector selector = new ProviderSelector(ProviderLoader.serviceLoader(), config);
    ProviderContext context = new ProviderContext(config, Clock.systemUTC());
    AuditLog.Builder audit = AuditLog.builder().clock(Clock.systemUTC());
    List<AuditSinkProvider> providers = selector.enabled(AUDIT_SINKS);
    for (AuditSinkProvider provider : providers) {
      audit.sink(provider.create(context));
    }
    try (AuditLog log = audit.build()) {
      Decision shallow = policy.evaluate("read_file", Map.of("path", "/workspace/docs/a.md"));
      Decision deep = policy.evaluate("read_file", Map.of("path", "/workspace/a/b/c/d.md"));
      for (Decision d : List.of(shallow, deep)) {
        log.record(log.event(AuditEventType.DECISION).decision(d));
      }
      int counted = 0;
      for (AuditSink sink : log.sinks()) {
        if (sink instanceof CountingAuditSink counting) {
          counted += counting.count(AuditEventType.DECISION);
        }
      }
      return new Result(shallow, deep, providers.stream().map(AuditSinkProvider::id).toList(),
          counted);
    }
  }
}
