package io.ape.core.escalation;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.spi.EscalationResolver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link EscalationResolver} with a bounded timeout and turns its answer into an
 * {@link EscalationOutcome}. Never throws for a resolver's misbehaviour: every failure is a
 * denial of a distinct kind.
 *
 * <p>The resolver runs on a small executor this handler owns (at most
 * {@value #MAX_CONCURRENT_RESOLUTIONS} concurrent resolutions, daemon threads, idle threads
 * end after a minute); a resolver that does not answer in time is cancelled (interrupted). No
 * clock is involved: the timeout is the wait on the resolver's future. Thread-safe; close it to
 * release the threads at once.
 */
public final class EscalationHandler implements AutoCloseable {
  /** The default time a resolver may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How many resolutions may run at the same time; further ones are denied. */
  public static final int MAX_CONCURRENT_RESOLUTIONS = 8;

  private final EscalationResolver resolver;
  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  /** The bound on concurrent resolutions, shared with {@link #sharingThreads} handlers. */
  private final Semaphore slots;
  private final boolean ownsExecutor;

  /**
   * A handler for {@code resolver}.
   *
   * @param resolver the resolver, or {@code null} for none (every escalation is then denied
   *     with {@link EscalationDenial#NO_RESOLVER})
   * @param timeout how long the resolver may take (positive)
   */
  public EscalationHandler(EscalationResolver resolver, Duration timeout) {
    this(resolver, timeout, newExecutor(), new Semaphore(MAX_CONCURRENT_RESOLUTIONS), true);
  }

  private EscalationHandler(EscalationResolver resolver, Duration timeout,
      ThreadPoolExecutor executor, Semaphore slots, boolean ownsExecutor) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.resolver = resolver;
    this.timeout = timeout;
    this.executor = executor;
    this.slots = slots;
    this.ownsExecutor = ownsExecutor;
  }

  private static ThreadPoolExecutor newExecutor() {
    String handler = Integer.toHexString(System.identityHashCode(new Object()));
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "ape-escalation-" + handler + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // the bound is the semaphore's: a thread that has just finished a resolution is not yet
    // back for the next one, so the pool has room for as many more
    return new ThreadPoolExecutor(0, 2 * MAX_CONCURRENT_RESOLUTIONS, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), factory);
  }

  /**
   * A handler for another resolver that shares this handler's threads (and their bound of
   * {@value #MAX_CONCURRENT_RESOLUTIONS} concurrent resolutions) and its timeout, e.g. one per
   * session with a resolver of its own. Closing it releases nothing; closing this handler stops
   * the shared threads.
   *
   * @since 0.2.0
   */
  public EscalationHandler sharingThreads(EscalationResolver other) {
    return new EscalationHandler(other, timeout, executor, slots, false);
  }

  /** A handler whose resolver denies everything (the default). */
  public static EscalationHandler denyAll() {
    return new EscalationHandler(new DenyAllEscalationResolver(), DEFAULT_TIMEOUT);
  }

  /** A handler without a resolver: every escalation is denied as "no resolver". */
  public static EscalationHandler withoutResolver() {
    return new EscalationHandler(null, DEFAULT_TIMEOUT);
  }

  /** How long a resolver may take. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Asks the resolver and checks its answer: an approval is accepted only if it came through a
   * trusted channel and names the request's parameter hash and the request itself (its id).
   */
  public EscalationOutcome resolve(EscalationRequest request) {
    Objects.requireNonNull(request, "request");
    if (resolver == null) {
      return EscalationOutcome.denied(EscalationDenial.NO_RESOLVER,
          "escalation denied: no escalation resolver is configured", null);
    }
    EscalationResolution answer;
    Future<EscalationResolution> future;
    if (!slots.tryAcquire()) {
      return EscalationOutcome.denied(EscalationDenial.RESOLVER_FAILED,
          "escalation denied: the resolver could not be run (" + MAX_CONCURRENT_RESOLUTIONS
              + " resolutions already running)", null);
    }
    Slot slot = new Slot(slots);
    try {
      future = executor.submit(() -> {
        slot.started.set(true);
        try {
          return resolver.resolve(request);
        } finally {
          slot.release();
        }
      });
    } catch (RejectedExecutionException e) {
      slot.release();
      return EscalationOutcome.denied(EscalationDenial.RESOLVER_FAILED,
          "escalation denied: the resolver could not be run (" + MAX_CONCURRENT_RESOLUTIONS
              + " resolutions already running, or the handler is closed)", null);
    }
    try {
      answer = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      slot.releaseIfNeverStarted();
      return EscalationOutcome.denied(EscalationDenial.TIMED_OUT,
          "escalation denied: the resolver did not answer within " + timeout, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return EscalationOutcome.denied(EscalationDenial.RESOLVER_FAILED,
          "escalation denied: the resolver failed with " + cause.getClass().getName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), null);
    } catch (InterruptedException e) {
      future.cancel(true);
      slot.releaseIfNeverStarted();
      Thread.currentThread().interrupt();
      return EscalationOutcome.denied(EscalationDenial.INTERRUPTED,
          "escalation denied: interrupted while waiting for the resolver", null);
    }
    if (answer == null) {
      return EscalationOutcome.denied(EscalationDenial.NO_ANSWER,
          "escalation denied: the resolver gave no answer", null);
    }
    if (!answer.approved()) {
      return EscalationOutcome.denied(EscalationDenial.DENIED_BY_RESOLVER,
          "escalation denied by " + (answer.approver().isEmpty() ? "the resolver" : answer.approver())
              + (answer.reason().isEmpty() ? "" : ": " + answer.reason()), answer);
    }
    if (!answer.channel().isTrusted()) {
      return EscalationOutcome.denied(EscalationDenial.UNTRUSTED_CHANNEL,
          "escalation approval rejected: it came through an untrusted channel ("
              + answer.channel() + "); approvals count only from USER_TRUSTED or SYSTEM_TRUSTED",
          answer);
    }
    if (!answer.parametersHash().equals(request.parametersHash())) {
      return EscalationOutcome.denied(EscalationDenial.PARAMETERS_MISMATCH,
          "escalation approval rejected: it approves another parameter set than the one requested",
          answer);
    }
    if (!answer.requestId().equals(request.requestId())) {
      return EscalationOutcome.denied(EscalationDenial.REQUEST_MISMATCH,
          "escalation approval rejected: it " + (answer.requestId().isEmpty()
              ? "names no request" : "answers another request") + " (an approval is bound to "
              + "one request: its action, step, parameters and policy generation; build it with "
              + "EscalationResolution.approve(request, ...))", answer);
    }
    return EscalationOutcome.approvedBy(answer);
  }

  /**
   * One resolution's hold on the bound: released once, when the resolver returns (a resolver that
   * hangs after its timeout keeps its slot, as it keeps its thread), or at once if the resolution
   * was cancelled before it started.
   */
  private static final class Slot {
    final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Semaphore slots;

    Slot(Semaphore slots) {
      this.slots = slots;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        slots.release();
      }
    }

    void releaseIfNeverStarted() {
      if (!started.get()) {
        release();
      }
    }
  }

  /**
   * Stops the executor, interrupting resolvers still running (a handler made by
   * {@link #sharingThreads} stops nothing).
   */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }
}
