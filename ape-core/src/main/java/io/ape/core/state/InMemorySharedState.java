package io.ape.core.state;

import io.ape.core.ratelimit.InMemoryLimitLedger;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionStore;
import io.ape.spi.state.SharedState;
import java.time.Clock;
import java.util.Objects;

/**
 * The shared state of one JVM ({@code ape.state=memory}, the default): every interface of
 * {@link io.ape.spi.state} in memory, each bounded to {@code maxEntries} entries with expiry
 * (see {@link InMemoryLimitLedger}, {@link InMemorySessionStore},
 * {@link InMemoryRevocationRegistry}, {@link InMemoryOnceLedger}). It is shared by everything
 * built from one engine, not across JVMs. Thread-safe; {@link #close()} does nothing.
 *
 * @since 0.2.0
 */
public final class InMemorySharedState implements SharedState {
  /** The default bound of each structure. */
  public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

  private final LimitLedger limits;
  private final SessionStore sessions;
  private final RevocationRegistry revocations;
  private final OnceLedger approvals;
  private final OnceLedger tokens;
  private final int maxEntries;

  /** A state on {@code clock}, each structure bounded to {@link #DEFAULT_MAX_ENTRIES}. */
  public InMemorySharedState(Clock clock) {
    this(clock, DEFAULT_MAX_ENTRIES);
  }

  /** A state on {@code clock}, each structure bounded to {@code maxEntries} (at least 1). */
  public InMemorySharedState(Clock clock, int maxEntries) {
    Objects.requireNonNull(clock, "clock");
    this.maxEntries = maxEntries;
    this.limits = new InMemoryLimitLedger(maxEntries);
    this.sessions = new InMemorySessionStore(clock, maxEntries);
    this.revocations = new InMemoryRevocationRegistry(maxEntries);
    this.approvals = new InMemoryOnceLedger(clock, maxEntries);
    this.tokens = new InMemoryOnceLedger(clock, maxEntries);
  }

  @Override
  public LimitLedger limits() {
    return limits;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public RevocationRegistry revocations() {
    return revocations;
  }

  @Override
  public OnceLedger approvals() {
    return approvals;
  }

  @Override
  public OnceLedger tokens() {
    return tokens;
  }

  @Override
  public String describe() {
    return "memory (this JVM only, " + maxEntries + " entries per structure)";
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "InMemorySharedState[" + describe() + "]";
  }
}
