package io.ape.audit.internal;

import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.audit.LoggedParameters;
import io.ape.spi.AuditSink;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per event at INFO to the logger {@code ape.audit}, with the event's
 * sequence, type, action and decision also attached as SLF4J key-value pairs for structured
 * backends. Control characters are escaped, so a value cannot forge another log line. Fails
 * (rather than drop events) when the logger is not enabled for INFO. Thread-safe. Internal to
 * ape-audit.
 */
public final class Slf4jAuditSink implements AuditSink {
  /** The logger name. */
  public static final String LOGGER_NAME = "ape.audit";

  private final Logger logger;
  private final RecordSerializer.ParameterMode mode;
  private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(Encoder::new);

  private static final class Encoder {
    final RecordSerializer serializer = new RecordSerializer();
    final JsonBuffer buffer = new JsonBuffer(512);
  }

  /** Creates the sink. */
  public Slf4jAuditSink(LoggedParameters parameters) {
    this(LoggerFactory.getLogger(LOGGER_NAME), parameters);
  }

  /** Creates the sink on a given logger (for tests). */
  public Slf4jAuditSink(Logger logger, LoggedParameters parameters) {
    this.logger = Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(parameters, "parameters");
    switch (parameters) {
      case VALUES:
        this.mode = RecordSerializer.ParameterMode.VALUES;
        break;
      case NONE:
        this.mode = RecordSerializer.ParameterMode.NONE;
        break;
      default:
        this.mode = RecordSerializer.ParameterMode.KEYS;
        break;
    }
  }

  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (!logger.isInfoEnabled()) {
      throw new AuditException("the SLF4J audit logger '" + logger.getName()
          + "' is not enabled for INFO, so audit events would be lost; enable it or remove the"
          + " slf4j audit sink");
    }
    Encoder enc = encoders.get();
    enc.buffer.reset();
    try {
      enc.serializer.writeBody(enc.buffer, event, mode);
      enc.buffer.raw('}');
      String line = new String(enc.buffer.array(), 0, enc.buffer.size(),
          StandardCharsets.UTF_8);
      logger.atInfo()
          .addKeyValue("sequence", event.sequence())
          .addKeyValue("type", event.type().name())
          .addKeyValue("actionId", event.actionId())
          .addKeyValue("decision", event.decision() == null ? "" : event.decision().name())
          .log("{}", line);
    } catch (RuntimeException e) {
      throw new AuditException("the SLF4J audit sink could not log event " + event.sequence()
          + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "Slf4jAuditSink[" + logger.getName() + "]";
  }
}
