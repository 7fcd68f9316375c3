package io.ape.core.runtime;

import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.RequestContext;
import io.ape.api.RuntimeStateException;
import io.ape.core.audit.AuditLog;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state controller of one agent run, bound to one tenant and one session.
 *
 * <p>Thread-safe: transitions are serialised by a lock owned by this run (never a global one);
 * {@link #state()} is a volatile read. Every legal transition is audited before it takes
 * effect; an illegal one throws {@link RuntimeStateException} and is audited as
 * {@code ATTEMPT_REJECTED}. TERMINATED is final: there is no reset. The history of transitions
 * is bounded ({@link Builder#historyLimit(int)}); the oldest entries are dropped.
 *
 * <p>The run also carries what every component of the run shares: its tenant and session, the
 * engine {@link Clock} and the engine {@link AuditLog}.
 */
public final class RuntimeOrchestrator {
  /** The default number of transitions kept in {@link #history()}. */
  public static final int DEFAULT_HISTORY_LIMIT = 256;

  private final String tenantId;
  private final String sessionId;
  private final Clock clock;
  private final AuditLog audit;
  private final int historyLimit;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<StateChange> history = new ArrayDeque<>();
  private final List<TransitionGuard> guards = new CopyOnWriteArrayList<>();
  private final List<TransitionListener> listeners = new CopyOnWriteArrayList<>();
  private volatile RuntimeState state = RuntimeState.INITIALIZED;

  /**
   * A run for the default tenant, without a session, on the system UTC clock, auditing to a new
   * bounded in-memory sink (see {@link #audit()}).
   */
  public RuntimeOrchestrator() {
    this(builder());
  }

  private RuntimeOrchestrator(Builder b) {
    this.tenantId = b.tenantId;
    this.sessionId = b.sessionId;
    this.clock = b.clock;
    this.audit = b.audit != null ? b.audit : AuditLog.inMemory(b.clock);
    this.historyLimit = b.historyLimit;
  }

  /** Starts building a run. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tenant this run belongs to. */
  public String tenantId() {
    return tenantId;
  }

  /** The session this run belongs to ({@code ""} if none). */
  public String sessionId() {
    return sessionId;
  }

  /** The engine clock. */
  public Clock clock() {
    return clock;
  }

  /** The engine audit log. */
  public AuditLog audit() {
    return audit;
  }

  /** The current state. */
  public RuntimeState state() {
    return state;
  }

  /** Whether the run is TERMINATED. */
  public boolean isTerminated() {
    return state == RuntimeState.TERMINATED;
  }

  /** Whether authority may be issued now (the state is EXECUTING). */
  public boolean canIssueAuthority() {
    return state == RuntimeState.EXECUTING;
  }

  /** The states the run may move to now. */
  public Set<RuntimeState> validTransitions() {
    return state.successors();
  }

  /** The most recent transitions, oldest first (a copy). */
  public List<StateChange> history() {
    lock.lock();
    try {
      return List.copyOf(history);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Throws unless the run is in {@code expected}.
   *
   * @throws RuntimeStateException if it is not
   */
  public void assertState(RuntimeState expected) {
    RuntimeState s = state;
    if (s != expected) {
      throw new RuntimeStateException(s.name(), expected.name(),
          "run is in " + s + ", expected " + expected);
    }
  }

  /**
   * Throws unless authority may be issued now.
   *
   * @throws RuntimeStateException if the run is not EXECUTING
   */
  public void assertCanIssueAuthority() {
    RuntimeState s = state;
    if (s != RuntimeState.EXECUTING) {
      throw new RuntimeStateException(s.name(), "ISSUE_AUTHORITY",
          "authority can only be issued in EXECUTING, but the run is in " + s);
    }
  }

  /** Adds a precondition checked before every transition (it can only veto). */
  public void addTransitionGuard(TransitionGuard guard) {
    guards.add(Objects.requireNonNull(guard, "guard"));
  }

  /** Adds a listener told about every transition after it took effect. */
  public void addTransitionListener(TransitionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Moves the run to {@code target}.
   *
   * @throws RuntimeStateException if the transition is illegal or a guard refuses it
   * @throws AuditException if the transition could not be audited (it then did not happen,
   *     except a transition to TERMINATED, which always happens)
   */
  public void transition(RuntimeState target) {
    doTransition(Objects.requireNonNull(target, "target"), false);
  }

  private boolean doTransition(RuntimeState target, boolean unlessTerminated) {
    RuntimeState from;
    AuditException auditFailure = null;
    lock.lock();
    try {
      from = state;
      if (unlessTerminated && from == RuntimeState.TERMINATED) {
        return false;
      }
      if (!from.canTransitionTo(target)) {
        throw rejected(from, target, from == RuntimeState.TERMINATED
            ? "the run is TERMINATED, which is final"
            : "illegal transition " + from + " -> " + target + " (allowed: " + from.successors() + ")",
            null);
      }
      for (TransitionGuard g : guards) {
        try {
          g.check(from, target);
        } catch (ApeException e) {
          throw rejected(from, target, e.getMessage(), e);
        } catch (RuntimeException e) {
          throw rejected(from, target, "transition guard failed: " + e, e);
        }
      }
      try {
        AuditEvents.transition(audit, Where.run(tenantId, sessionId), from.name(),
            target.name());
      } catch (AuditException e) {
        if (target != RuntimeState.TERMINATED) {
          throw e;
        }
        auditFailure = e;
      }
      state = target;
      history.addLast(new StateChange(from, target, clock.instant()));
      while (history.size() > historyLimit) {
        history.removeFirst();
      }
    } finally {
      lock.unlock();
    }
    notifyListeners(from, target, auditFailure);
    return true;
  }

  /**
   * Moves the run to TERMINATED unless it already is.
   *
   * @return {@code true} if this call terminated the run
   */
  public boolean terminate() {
    return doTransition(RuntimeState.TERMINATED, true);
  }

  private void notifyListeners(RuntimeState from, RuntimeState to, RuntimeException pending) {
    RuntimeException failure = pending;
    for (TransitionListener l : listeners) {
      try {
        l.onTransition(from, to);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private RuntimeStateException rejected(RuntimeState from, RuntimeState to, String why,
      Throwable cause) {
    RuntimeStateException ex = cause == null
        ? new RuntimeStateException(from.name(), to.name(), why)
        : new RuntimeStateException(from.name(), to.name(), why, cause);
    try {
      AuditEvents.transitionRefused(audit, Where.run(tenantId, sessionId), from.name(), to.name(),
          why);
    } catch (AuditException e) {
      ex.addSuppressed(e);
    }
    return ex;
  }

  @Override
  public String toString() {
    return "RuntimeOrchestrator[tenant=" + tenantId + ", session=" + sessionId + ", state="
        + state + "]";
  }

  /** Builder for {@link RuntimeOrchestrator}; not thread-safe. */
  public static final class Builder {
    private String tenantId = RequestContext.DEFAULT_TENANT;
    private String sessionId = "";
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private AuditLog audit;
    private int historyLimit = DEFAULT_HISTORY_LIMIT;

    private Builder() {}

    /** The tenant (default {@code "default"}). */
    public Builder tenant(String tenantId) {
      this.tenantId = requireNonBlank(tenantId, "tenantId");
      return this;
    }

    /** The session ({@code ""} for none, the default). */
    public Builder session(String sessionId) {
      this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
      return this;
    }

    /**
     * The engine clock (default: the audit log's clock if one is given, else system UTC). If
     * both a clock and an audit log are given, they must be the same clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.clockSet = true;
      return this;
    }

    /** The engine audit log (default: a new in-memory one on the run's clock). */
    public Builder audit(AuditLog audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /** How many transitions {@link RuntimeOrchestrator#history()} keeps (1..65536). */
    public Builder historyLimit(int limit) {
      if (limit < 1 || limit > 65_536) {
        throw new IllegalArgumentException("historyLimit must be between 1 and 65536: " + limit);
      }
      this.historyLimit = limit;
      return this;
    }

    /** Builds the run in INITIALIZED. */
    public RuntimeOrchestrator build() {
      if (audit != null) {
        if (!clockSet) {
          clock = audit.clock();
        } else if (!clock.equals(audit.clock())) {
          throw new IllegalArgumentException("the run's clock (" + clock + ") differs from the "
              + "audit log's clock (" + audit.clock() + "); give one clock to both");
        }
      }
      return new RuntimeOrchestrator(this);
    }

    private static String requireNonBlank(String s, String name) {
      Objects.requireNonNull(s, name);
      if (s.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return s;
    }
  }
}
