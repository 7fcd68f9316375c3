package io.ape.audit.internal;

import io.ape.audit.LoggedParameters;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import java.util.Set;

/**
 * The {@code slf4j} audit sink provider: one JSON line per event to the logger
 * {@code ape.audit}. Key {@code ape.audit.slf4j.parameters} = {@code keys} (default),
 * {@code values} or {@code none}; an unknown key under {@code ape.audit.slf4j.} is an error.
 */
public final class Slf4jAuditSinkProvider implements AuditSinkProvider {
  static final String PREFIX = "ape.audit.slf4j.";
  static final String PARAMETERS = PREFIX + "parameters";

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public Slf4jAuditSinkProvider() {}

  @Override
  public String id() {
    return "slf4j";
  }

  @Override
  public AuditSink create(ProviderContext context) {
    ConfigValues.rejectUnknown(context.properties(), PREFIX, Set.of(PARAMETERS));
    String v = context.properties().get(PARAMETERS);
    LoggedParameters mode = v == null ? LoggedParameters.KEYS
        : LoggedParameters.fromKeyword(PARAMETERS, v);
    return new Slf4jAuditSink(mode);
  }
}
