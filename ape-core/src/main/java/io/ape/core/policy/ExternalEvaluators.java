package io.ape.core.policy;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.spi.PolicyEvaluator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consults external evaluators after the policy said ALLOW. They can only narrow: a DENY or
 * ESCALATE verdict replaces the ALLOW; an ALLOW verdict keeps it. An exception, a
 * {@code null} verdict, a timeout, an interrupt or a full queue is a DENY.
 *
 * <p>Each call runs on a bounded thread pool owned by this object (daemon threads named
 * {@code ape-policy-evaluator-N}, a bounded queue) and is abandoned and interrupted after the
 * timeout; {@link #close()} shuts the pool down, after which every call is a DENY.
 */
final class ExternalEvaluators implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalEvaluators.class);
  private static final int QUEUE_CAPACITY = 256;

  /** An evaluator with the name used in reasons. */
  record Named(String name, PolicyEvaluator evaluator) {}

  private final List<Named> evaluators;
  private final long timeoutNanos;
  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  private final List<Thread> threads = new ArrayList<>();

  ExternalEvaluators(List<Named> evaluators, Duration timeout, int threadCount) {
    this.evaluators = List.copyOf(evaluators);
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "ape-policy-evaluator-" + counter.incrementAndGet());
      t.setDaemon(true);
      synchronized (threads) {
        threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
        threads.add(t);
      }
      return t;
    };
    this.executor = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE_CAPACITY), factory, new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
  }

  boolean isEmpty() {
    return evaluators.isEmpty();
  }

  /** Narrows an ALLOW; never throws. */
  Decision narrow(Decision allow, ActionRequest request, Policy policy, Trace trace) {
    for (Named named : evaluators) {
      Decision narrowed = consult(named, allow, request, policy);
      if (narrowed != null) {
        if (trace != null) {
          trace.step("external evaluator '" + named.name() + "': " + narrowed.outcome() + " ("
              + narrowed.reason() + ")");
        }
        return narrowed;
      }
      if (trace != null) {
        trace.step("external evaluator '" + named.name() + "' allowed");
      }
    }
    return allow;
  }

  /** {@code null} if the evaluator allowed, else the narrowed decision. */
  private Decision consult(Named named, Decision allow, ActionRequest request, Policy policy) {
    Future<EvaluatorVerdict> future;
    try {
      future = executor.submit(() -> named.evaluator().evaluate(request, policy));
    } catch (RejectedExecutionException e) {
      return deny(named, allow, "could not be consulted (engine closed or too many pending"
          + " evaluations)");
    }
    EvaluatorVerdict verdict;
    try {
      verdict = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return deny(named, allow, "timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return deny(named, allow, "was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.warn("External evaluator '{}' failed for '{}': {}", named.name(),
          io.ape.api.ActionIds.printable(request.actionId()), cause.toString());
      return deny(named, allow, "failed: " + cause.getClass().getName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    } catch (RuntimeException e) {
      future.cancel(true);
      return deny(named, allow, "failed: " + e);
    }
    if (verdict == null) {
      return deny(named, allow, "returned no verdict (null)");
    }
    if (verdict.outcome() == Outcome.ALLOW) {
      return null;
    }
    String reason = "external evaluator '" + named.name() + "' "
        + (verdict.outcome() == Outcome.DENY ? "denied" : "requires escalation")
        + (verdict.reason().isEmpty() ? "" : ": " + verdict.reason())
        + " (the policy alone would allow: " + allow.reason() + ")";
    return new Decision(verdict.outcome(), allow.actionId(), reason, allow.matchedRule(),
        List.of(), allow.policyVersion(), DecisionSource.EXTERNAL_EVALUATOR);
  }

  private static Decision deny(Named named, Decision allow, String what) {
    return new Decision(Outcome.DENY, allow.actionId(), "external evaluator '" + named.name()
        + "' " + what + "; failing closed", allow.matchedRule(), List.of(), allow.policyVersion(),
        DecisionSource.EXTERNAL_EVALUATOR);
  }

  /** The threads created and not yet known to be finished (for tests that check nothing leaks). */
  List<Thread> threads() {
    synchronized (threads) {
      return List.copyOf(threads);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(timeoutNanos + TimeUnit.SECONDS.toNanos(1),
          TimeUnit.NANOSECONDS)) {
        LOG.warn("External evaluator threads did not stop within {} ms after being interrupted;"
            + " an evaluator ignores interrupts", timeout.toMillis() + 1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting for external evaluator threads to stop");
    }
  }
}
