package io.ape.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assertions;

/**
 * Runs tasks on many threads released together by a latch, and collects what each returned or
 * threw. No sleeps: every wait has a timeout, and a task still running at the timeout fails the
 * test (a hang is a failure, not a pass).
 */
final class Concurrently {
  /** How long all tasks together may take before the test fails. */
  static final long TIMEOUT_SECONDS = 60;

  private Concurrently() {}

  /** What one task did: returned {@code value}, or threw {@code error}. */
  record Result<T>(T value, Throwable error) {
    boolean succeeded() {
      return error == null;
    }
  }

  /** Runs {@code threads} tasks ({@code task.apply(i)} for thread {@code i}) at once. */
  static <T> List<Result<T>> run(int threads, IntFunction<Callable<T>> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ape-testkit-worker");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        Callable<T> c = task.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("start signal never came");
          }
          return c.call();
        }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Assertions.fail("the worker threads did not start within " + TIMEOUT_SECONDS + " s");
      }
      go.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      List<Result<T>> results = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        long left = deadline - System.nanoTime();
        try {
          results.add(new Result<>(f.get(Math.max(0, left), TimeUnit.NANOSECONDS), null));
        } catch (ExecutionException e) {
          results.add(new Result<>(null, e.getCause()));
        } catch (TimeoutException e) {
          Assertions.fail("a concurrent call did not return within " + TIMEOUT_SECONDS
              + " s: the component hangs (or deadlocks) under concurrency");
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Assertions.fail("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code call} on another thread and fails the test if it takes longer than {@code seconds}. */
  static <T> Result<T> within(long seconds, String what, Callable<T> call) {
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ape-testkit-call");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<T> f = pool.submit(call);
      try {
        return new Result<>(f.get(seconds, TimeUnit.SECONDS), null);
      } catch (ExecutionException e) {
        return new Result<>(null, e.getCause());
      } catch (TimeoutException e) {
        return Assertions.fail(what + " did not return within " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Assertions.fail("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
