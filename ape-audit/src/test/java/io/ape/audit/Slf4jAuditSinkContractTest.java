package io.ape.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.internal.Slf4jAuditSink;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.AuditSinkContract;
import io.ape.testkit.Providers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The SLF4J sink passes the AuditSink contract, with read-back (each sink logs to a logger of
 * its own, captured by a logback list appender) and failure injection (the logger switched
 * below INFO, where the sink must refuse rather than drop). The {@code slf4j} provider is
 * checked to be registered and to create this sink.
 */
class Slf4jAuditSinkContractTest extends AuditSinkContract
    implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger LOGGERS = new AtomicInteger();
  private final Map<AuditSink, Logger> loggers = new ConcurrentHashMap<>();
  private final Map<AuditSink, ListAppender<ILoggingEvent>> appenders = new ConcurrentHashMap<>();

  @Override
  public AuditSink newSink() {
    Logger logger = (Logger) LoggerFactory.getLogger("ape.audit.contract-" + LOGGERS.incrementAndGet());
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    AuditSink sink = new Slf4jAuditSink(logger, LoggedParameters.KEYS);
    loggers.put(sink, logger);
    appenders.put(sink, appender);
    return sink;
  }

  @AfterEach
  void detach() {
    loggers.forEach((sink, logger) -> logger.detachAndStopAllAppenders());
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    List<ILoggingEvent> logged;
    ListAppender<ILoggingEvent> appender = appenders.get(sink);
    synchronized (appender) {
      logged = new ArrayList<>(appender.list);
    }
    List<AuditEvent> out = new ArrayList<>();
    for (ILoggingEvent e : logged) {
      out.add(parse(e.getFormattedMessage()));
    }
    out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return out;
  }

  @Override
  public void failWrites(AuditSink sink) {
    loggers.get(sink).setLevel(Level.WARN);
  }

  @Test
  void theSlf4jProviderCreatesThisSink() {
    AuditSink sink = Providers.load(AuditSinkProvider.class, "slf4j").create(ProviderContext.defaults());
    org.assertj.core.api.Assertions.assertThat(sink).isInstanceOf(Slf4jAuditSink.class);
  }

  private static AuditEvent parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      AuditEvent.Builder b = AuditEvent.builder(AuditEventType.valueOf(n.get("type").asText()),
          Instant.parse(n.get("timestamp").asText()))
          .sequence(n.get("sequence").asLong())
          .tenant(n.get("tenantId").asText()).session(n.get("sessionId").asText())
          .action(n.get("actionId").asText()).tool(n.get("toolId").asText())
          .reason(n.get("reason").asText()).rule(n.get("ruleId").asText())
          .policyVersion(n.get("policyVersion").asText());
      if (!n.get("decision").isNull()) {
        b.decision(Outcome.valueOf(n.get("decision").asText()));
      }
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON audit line: " + line, e);
    }
  }
}
