package io.ape.langchain4j;

import io.ape.api.AuditEvent;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.engine.ApeEngine;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Real engines for the tests: the support policy of {@code support.yaml}, every default. */
final class Engines {
  private Engines() {}

  static Path supportPolicy() {
    try {
      return Path.of(Engines.class.getResource("/support.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A builder with the support policy and the tenant {@code acme}. */
  static ApeEngine.Builder builder() {
    return ApeEngine.builder().policyFile(supportPolicy()).tenant("acme");
  }

  /** Every audit event of one guarded call, one per line: type, reason, rule, details. */
  static String audit(ApeEngine engine, String correlationId) {
    return engine.auditEvents().events().stream()
        .filter(e -> correlationId.equals(e.details().get(ApeOrchestrator.CORRELATION_ID)))
        .map(Engines::line).collect(Collectors.joining("\n"));
  }

  static String line(AuditEvent e) {
    return e.type() + " " + e.reason() + " rule=" + e.ruleId() + " " + e.details();
  }
}
