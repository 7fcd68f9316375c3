package io.ape.core.intent;

import io.ape.api.AuditException;
import io.ape.api.Intent;
import io.ape.api.IntentException;
import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RuntimeStateException;
import io.ape.api.TenantMismatchException;
import io.ape.core.audit.AuditLog;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.provenance.ProvenanceGuard;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the intent of one run.
 *
 * <p>An intent is accepted only through a trusted channel ({@link ProvenanceException}
 * otherwise, including for a {@code null} label), only for the run's tenant
 * ({@link TenantMismatchException}) and only while the run is not TERMINATED. It may be
 * replaced at any time before termination; a replacement with a different version is audited
 * as {@code INTENT_CHANGED} and tells the listeners, which withdraw the plan approval and
 * revoke every token bound to the old version. A run whose intent changed after its plan was
 * approved can issue nothing more: approval is possible only in INTENT_SET, which the run
 * cannot return to, so terminate it and start a new one.
 *
 * <p>Thread-safe: changes are serialised by a lock owned by this manager; reads are volatile.
 * Registers a guard on the runtime so that INTENT_SET cannot be entered without an intent.
 */
public final class IntentManager {
  private final RuntimeOrchestrator runtime;
  private final AuditLog audit;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<IntentChangeListener> listeners = new CopyOnWriteArrayList<>();
  private volatile CurrentIntent current;

  /** An intent manager for {@code runtime}'s run. */
  public IntentManager(RuntimeOrchestrator runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.audit = runtime.audit();
    runtime.addTransitionGuard((from, to) -> {
      if (to == RuntimeState.INTENT_SET && current == null) {
        throw new IntentException("cannot enter INTENT_SET: no intent has been set");
      }
    });
  }

  /** The run this manager belongs to. */
  public RuntimeOrchestrator runtime() {
    return runtime;
  }

  /**
   * Declares the intent of the run.
   *
   * @param intent the intent (an immutable, validated value)
   * @param provenance the channel it came through; must be trusted
   * @return the intent's version (SHA-256 of its canonical form)
   * @throws ProvenanceException if {@code provenance} is {@code null} or untrusted
   * @throws TenantMismatchException if the intent belongs to another tenant
   * @throws RuntimeStateException if the run is TERMINATED
   * @throws IntentException if {@code intent} is {@code null}
   * @throws AuditException if the change could not be audited (it then did not happen)
   */
  public String set(Intent intent, Provenance provenance) {
    lock.lock();
    try {
      if (!Provenance.isTrusted(provenance)) {
        throw rejected(intent, ProvenanceGuard.refusal(provenance, "set an intent"));
      }
      if (intent == null) {
        throw rejected(null, new IntentException("intent must not be null"));
      }
      if (runtime.isTerminated()) {
        throw rejected(intent, new RuntimeStateException(RuntimeState.TERMINATED.name(),
            "SET_INTENT", "cannot set an intent: the run is TERMINATED"));
      }
      if (!intent.tenantId().equals(runtime.tenantId())) {
        throw rejected(intent, new TenantMismatchException(runtime.tenantId(),
            intent.tenantId(), "intent belongs to tenant '" + intent.tenantId()
                + "' but the run belongs to tenant '" + runtime.tenantId() + "'"));
      }
      String version = ApeHashes.intentVersion(intent);
      CurrentIntent old = current;
      boolean changed = old != null && !old.version().equals(version);
      AuditEvents.intentSet(audit, run(), changed, version, old == null ? "" : old.version(),
          intent.scope(), provenance);
      current = new CurrentIntent(intent, version, provenance);
      if (changed) {
        notifyListeners(old.version(), version);
      }
      return version;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Declares the intent carried by a labelled value; its label is the channel.
   *
   * @see #set(Intent, Provenance)
   */
  public String set(Labeled<Intent> intent) {
    if (intent == null) {
      return set(null, null);
    }
    return set(intent.value(), intent.provenance());
  }

  /**
   * Withdraws the intent (revoking everything bound to it). Withdrawing authority needs no
   * trusted channel.
   *
   * @return whether an intent was set
   */
  public boolean clear() {
    lock.lock();
    try {
      CurrentIntent old = current;
      if (old == null) {
        return false;
      }
      AuditEvents.intentCleared(audit, run(), old.version());
      current = null;
      notifyListeners(old.version(), null);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The intent in force, if any. */
  public Optional<CurrentIntent> snapshot() {
    return Optional.ofNullable(current);
  }

  /** The intent in force, if any. */
  public Optional<Intent> current() {
    CurrentIntent c = current;
    return c == null ? Optional.empty() : Optional.of(c.intent());
  }

  /** The version of the intent in force, if any. */
  public Optional<String> version() {
    CurrentIntent c = current;
    return c == null ? Optional.empty() : Optional.of(c.version());
  }

  /** Whether an intent is set. */
  public boolean isSet() {
    return current != null;
  }

  /** Adds a listener told about every change of the intent (called under this manager's lock). */
  public void addChangeListener(IntentChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void notifyListeners(String oldVersion, String newVersion) {
    RuntimeException failure = null;
    for (IntentChangeListener l : listeners) {
      try {
        l.onIntentChanged(oldVersion, newVersion);
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

  /** Builds the exception, audits the rejected attempt, and returns the exception to throw. */
  private RuntimeException rejected(Intent intent, RuntimeException e) {
    try {
      AuditEvents.refused(audit, run(), "set_intent", "intent refused: " + e.getMessage(), e,
          "intent_tenant", intent == null ? "" : intent.tenantId());
    } catch (AuditException a) {
      e.addSuppressed(a);
    }
    return e;
  }

  private Where run() {
    return Where.run(runtime.tenantId(), runtime.sessionId());
  }
}
