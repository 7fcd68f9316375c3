package io.ape.core.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.AuditSettings;
import io.ape.spi.AuditSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-engine audit dispatcher: stamps, redacts and fans events out to the sinks.
 *
 * <p>Thread-safe. {@link #record} returns only after every sink has recorded the event; if a
 * sink throws, {@link #record} throws {@link AuditException} (fail closed) unless the log was
 * built with {@link Builder#continueOnSinkFailure(boolean) continueOnSinkFailure(true)}, in
 * which case the failure is logged and counted.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Clock clock;
  private final AuditSink[] sinks;
  private final boolean continueOnSinkFailure;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final ThreadLocal<Map<String, String>> marks = new ThreadLocal<>();
  private volatile KeyedRedaction redaction;

  private AuditLog(Builder b) {
    this.clock = b.clock;
    this.sinks = b.sinks.toArray(new AuditSink[0]);
    this.continueOnSinkFailure = b.continueOnSinkFailure;
    this.redaction = KeyedRedaction.of(b.redaction,
        b.redactionKey != null ? b.redactionKey : KeyedRedaction.newKey());
  }

  /** Starts building a log. */
  public static Builder builder() {
    return new Builder();
  }

  /** A log on {@code clock} with one new {@link InMemoryAuditSink} of the default capacity. */
  public static AuditLog inMemory(Clock clock) {
    return builder().clock(clock).sink(new InMemoryAuditSink()).build();
  }

  /** The clock every event is stamped with. */
  public Clock clock() {
    return clock;
  }

  /** The sinks, in dispatch order (unmodifiable). */
  public List<AuditSink> sinks() {
    return List.of(sinks);
  }

  /** Starts an event of {@code type}, timestamped now. */
  public AuditEvent.Builder event(AuditEventType type) {
    return AuditEvent.builder(type, clock.instant());
  }

  /**
   * Records an event: redacts its parameters, assigns the next sequence number and hands it to
   * every sink.
   *
   * @return the event as recorded (with its sequence number)
   * @throws AuditException if a sink failed and the log does not continue on sink failure
   */
  public AuditEvent record(AuditEvent.Builder event) {
    Objects.requireNonNull(event, "event");
    Map<String, String> m = marks.get();
    if (m != null) {
      // the marks win over the event's own details with the same key, as in mark()
      m.forEach(event::detail);
    }
    if (redaction.isEmpty()) {
      // common path: build the event once, already numbered
      return dispatch(event.sequence(sequence.incrementAndGet()).build());
    }
    return record(event.build());
  }

  /** As {@link #record(AuditEvent.Builder)}; the event's own sequence number is ignored. */
  public AuditEvent record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    AuditEvent redacted = mark(redact(event));
    return dispatch(redacted.withSequence(sequence.incrementAndGet()));
  }

  private AuditEvent dispatch(AuditEvent stamped) {
    AuditException failure = null;
    for (AuditSink sink : sinks) {
      try {
        sink.record(stamped);
      } catch (RuntimeException e) {
        sinkFailures.incrementAndGet();
        String msg = "audit sink " + sink.getClass().getName() + " failed to record event #"
            + stamped.sequence() + " (" + stamped.type() + "): " + e.getMessage();
        if (continueOnSinkFailure) {
          LOG.warn("{}; continuing because continueOnSinkFailure is set", msg, e);
        } else if (failure == null) {
          failure = new AuditException(msg + "; the operation was refused (fail closed)", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return stamped;
  }

  /**
   * Runs {@code body} with {@code key=value} added to the details of every event this thread
   * records meanwhile (e.g. {@code enforcement_mode=OBSERVE} for everything a gate call causes).
   * Marks nest; an inner mark with the same key wins until its body ends.
   */
  public <T> T withDetail(String key, String value, java.util.function.Supplier<T> body) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(body, "body");
    Map<String, String> outer = marks.get();
    Map<String, String> inner;
    if (outer == null) {
      inner = Map.of(key, value);
    } else {
      Map<String, String> merged = new java.util.TreeMap<>(outer);
      merged.put(key, value);
      inner = Collections.unmodifiableMap(merged);
    }
    marks.set(inner);
    try {
      return body.get();
    } finally {
      if (outer == null) {
        marks.remove();
      } else {
        marks.set(outer);
      }
    }
  }

  /**
   * Replaces the redaction settings, e.g. after a policy reload. Keys compare
   * case-insensitively and apply at any nesting depth.
   */
  public void updateRedaction(AuditSettings settings) {
    this.redaction = redaction.withSettings(settings);
  }

  /** The sequence number of the last event dispatched (0 before the first). */
  public long lastSequence() {
    return sequence.get();
  }

  /** How many times a sink failed to record an event. */
  public long sinkFailures() {
    return sinkFailures.get();
  }

  /** Whether sink failures are logged instead of failing the operation. */
  public boolean continuesOnSinkFailure() {
    return continueOnSinkFailure;
  }

  /**
   * Flushes every sink.
   *
   * @throws AuditException if a sink cannot flush
   */
  public void flush() {
    AuditException failure = null;
    for (AuditSink sink : sinks) {
      try {
        sink.flush();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new AuditException("audit sink " + sink.getClass().getName()
              + " failed to flush: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Flushes and closes every sink; failures are logged. */
  @Override
  public void close() {
    for (AuditSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        LOG.warn("audit sink {} failed to close", sink.getClass().getName(), e);
      }
    }
  }

  private AuditEvent mark(AuditEvent e) {
    Map<String, String> m = marks.get();
    if (m == null) {
      return e;
    }
    Map<String, String> details = new java.util.TreeMap<>(e.details());
    details.putAll(m);
    return new AuditEvent(e.sequence(), e.timestamp(), e.type(), e.tenantId(), e.sessionId(),
        e.intentVersion(), e.planHash(), e.stepIndex(), e.actionId(), e.toolId(), e.decision(),
        e.reason(), e.ruleId(), e.policyVersion(), e.parameters(), e.tokenRef(), details);
  }

  private AuditEvent redact(AuditEvent e) {
    Map<String, Object> redacted = redaction.redact(e.parameters());
    if (redacted == e.parameters()) {
      return e;
    }
    return new AuditEvent(e.sequence(), e.timestamp(), e.type(), e.tenantId(), e.sessionId(),
        e.intentVersion(), e.planHash(), e.stepIndex(), e.actionId(), e.toolId(), e.decision(),
        e.reason(), e.ruleId(), e.policyVersion(), redacted, e.tokenRef(), e.details());
  }

  /** Builder for {@link AuditLog}; not thread-safe. Each option may be set once. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private final List<AuditSink> sinks = new ArrayList<>();
    private boolean continueOnSinkFailure;
    private boolean continueSet;
    private AuditSettings redaction = AuditSettings.none();
    private boolean redactionSet;
    private byte[] redactionKey;

    private Builder() {}

    /** The clock events are stamped with (default: system UTC). */
    public Builder clock(Clock clock) {
      if (clockSet) {
        throw new IllegalStateException("clock already set to " + this.clock);
      }
      this.clock = Objects.requireNonNull(clock, "clock");
      clockSet = true;
      return this;
    }

    /** Adds a sink; sinks receive events in the order they were added. */
    public Builder sink(AuditSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Parameter keys to redact (e.g. the policy's {@code audit.redact}). */
    public Builder redaction(AuditSettings settings) {
      if (redactionSet) {
        throw new IllegalStateException("redaction already set");
      }
      this.redaction = Objects.requireNonNull(settings, "settings");
      redactionSet = true;
      return this;
    }

    /**
     * The secret key of the redaction HMAC (see {@link KeyedRedaction}; copied, at least 16
     * bytes), e.g. {@link KeyedRedaction#keyDerivedFrom} the audit HMAC key, so that a log
     * continued by another process keeps correlating. Default: a new random key per log.
     *
     * @since 0.2.0
     */
    public Builder redactionKey(byte[] key) {
      if (redactionKey != null) {
        throw new IllegalStateException("redactionKey already set");
      }
      Objects.requireNonNull(key, "key");
      if (key.length < 16) {
        throw new IllegalArgumentException("a redaction key needs at least 16 bytes, got "
            + key.length);
      }
      this.redactionKey = java.util.Arrays.copyOf(key, key.length);
      return this;
    }

    /**
     * When {@code true}, a sink failure is logged as a warning and the operation continues.
     * Default {@code false}: the operation fails with {@link AuditException}.
     */
    public Builder continueOnSinkFailure(boolean value) {
      if (continueSet) {
        throw new IllegalStateException("continueOnSinkFailure already set");
      }
      this.continueOnSinkFailure = value;
      continueSet = true;
      return this;
    }

    /**
     * Builds the log.
     *
     * @throws io.ape.api.ApeConfigurationException if no sink was given
     */
    public AuditLog build() {
      if (sinks.isEmpty()) {
        throw new io.ape.api.ApeConfigurationException(
            "an audit log needs at least one sink (audit is mandatory); add one with sink(...), "
                + "e.g. new InMemoryAuditSink()");
      }
      if (continueOnSinkFailure) {
        LOG.warn("audit log built with continueOnSinkFailure=true: a failing audit sink will "
            + "not stop guarded operations");
      }
      return new AuditLog(this);
    }
  }
}
