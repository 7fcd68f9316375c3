package io.ape.mcp.gateway;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a policy file and runs a callback when its content changes (for the gateway:
 * {@link McpGateway#reloadPolicy()}, which validates the new policy before the swap and keeps the
 * old one if it is invalid).
 *
 * <p>It watches the file's directory, so that editors that write a new file and rename it over
 * the old one, and symbolic links swapped by configuration systems, are seen too. Events are
 * coalesced: the callback runs once the directory has been quiet for {@code quiet}, and only if
 * the file's bytes differ from those of the last run (a touch does not reload). The callback runs
 * on the watcher's own daemon thread, one run at a time; an exception from it is logged.
 *
 * @since 0.2.0
 */
public final class PolicyFileWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);

  private final Path file;
  private final Runnable onChange;
  private final long quietMillis;
  private final WatchService watcher;
  private final Thread thread;
  private byte[] lastDigest;

  private PolicyFileWatcher(Path file, Runnable onChange, long quietMillis) throws IOException {
    this.file = file;
    this.onChange = onChange;
    this.quietMillis = quietMillis;
    this.lastDigest = digest();
    this.watcher = FileSystems.getDefault().newWatchService();
    Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = new Thread(this::loop, "ape-policy-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts watching.
   *
   * @param quiet how long the directory must be quiet before the callback runs (e.g. 200 ms)
   * @throws IOException if the directory cannot be watched
   */
  public static PolicyFileWatcher watch(Path file, java.time.Duration quiet, Runnable onChange)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(onChange, "onChange");
    return new PolicyFileWatcher(file.toAbsolutePath().normalize(), onChange,
        Math.max(1, quiet.toMillis()));
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean relevant = relevant(key);
        // Coalesce: keep reading events until the directory is quiet.
        WatchKey next;
        while ((next = watcher.poll(quietMillis, TimeUnit.MILLISECONDS)) != null) {
          relevant |= relevant(next);
        }
        if (relevant) {
          fireIfChanged();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      LOG.debug("policy watcher closed");
    }
  }

  private boolean relevant(WatchKey key) {
    boolean relevant = false;
    for (WatchEvent<?> ev : key.pollEvents()) {
      if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (ev.context() instanceof Path p && p.getFileName().equals(file.getFileName())) {
        relevant = true;
      } else if (Files.isSymbolicLink(file)) {
        relevant = true; // a configuration system swaps the link's target in this directory
      }
    }
    key.reset();
    return relevant;
  }

  private void fireIfChanged() {
    byte[] d = digest();
    if (d != null && Arrays.equals(d, lastDigest)) {
      return;
    }
    lastDigest = d;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      LOG.warn("the policy change handler failed: {}", e.toString());
    }
  }

  /** The SHA-256 of the file's bytes, or {@code null} if it cannot be read now. */
  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Stops watching; idempotent. */
  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the policy watcher: {}", e.toString());
    }
    thread.interrupt();
  }
}
