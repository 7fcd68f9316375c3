package io.ape.redis.internal;

import io.ape.api.ApeConfigurationException;
import io.ape.api.StateUnavailableException;
import io.ape.redis.RedisStateSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to Redis and the fail-closed rule around it: every operation either
 * answers within the timeout or throws {@link StateUnavailableException} (unreachable, too slow,
 * an error reply, a misconfigured server), never anything else and never a stale local answer.
 *
 * <p>One Lettuce connection is shared by every thread (commands are pipelined). While it is
 * down, commands are rejected at once rather than queued, and a command that was on the wire
 * when the connection broke is not replayed after the reconnect (at-most-once); Lettuce
 * reconnects by itself in the background. If Redis was unreachable when the state was created,
 * the first operations try to connect (at most one attempt at a time, at most one per second).
 *
 * <p>A command that timed out may still run in Redis later. Every write is designed so that
 * this errs on the safe side: a reservation the caller was told failed may still be counted, a
 * claim may still be burned, an epoch may still advance.
 */
public final class RedisGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisGateway.class);
  private static final long RETRY_CONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final Duration timeout;
  private final boolean allowEviction;
  private final String description;
  private final ReentrantLock connectLock = new ReentrantLock();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile String refusal;
  private volatile long nextConnect;
  private volatile boolean closed;

  private RedisGateway(RedisStateSettings settings, RedisURI uri) {
    this.uri = uri;
    this.timeout = settings.timeout();
    this.allowEviction = settings.allowEviction();
    this.description = "redis " + SettingValues.withoutCredentials(settings.uri());
    // Reconnect quickly once Redis is back: retry at most a second apart (Lettuce's default backs
    // off to 30 s, which would keep refusing calls long after Redis returned).
    this.resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .replayFilter(command -> true)
        .requestQueueSize(65_536)
        .pingBeforeActivateConnection(true)
        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout())
            .keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
        .build());
  }

  /**
   * Creates the gateway and tries to connect once. A Redis that cannot be reached now is not an
   * error (operations fail closed until it can); a Redis whose memory policy may evict keys is.
   *
   * @throws ApeConfigurationException for an invalid URI, an unreadable password file, or an
   *     evicting Redis (unless allowed)
   */
  public static RedisGateway open(RedisStateSettings settings) {
    RedisGateway gateway = new RedisGateway(settings, redisUri(settings));
    try {
      gateway.connect();
    } catch (StateUnavailableException e) {
      if (gateway.refusal != null) {
        gateway.close();
        throw new ApeConfigurationException(e.getMessage(), e);
      }
      LOG.warn("{} cannot be reached yet ({}); shared-state operations fail closed until it can",
          gateway.description, e.getMessage());
    }
    return gateway;
  }

  private static RedisURI redisUri(RedisStateSettings s) {
    RedisURI uri;
    try {
      uri = RedisURI.create(s.uri());
    } catch (RuntimeException e) {
      throw new ApeConfigurationException(RedisStateSettings.URI + " is not a valid Redis URI ("
          + SettingValues.withoutCredentials(s.uri()) + "): " + e.getMessage(), e);
    }
    uri.setTimeout(s.timeout());
    if (s.passwordFile() != null) {
      char[] password = readPassword(s);
      String user = s.username();
      uri.setCredentialsProvider(RedisCredentialsProvider.from(
          () -> RedisCredentials.just(user, password)));
    } else if (s.username() != null) {
      throw new ApeConfigurationException(RedisStateSettings.USERNAME + " needs "
          + RedisStateSettings.PASSWORD_FILE);
    }
    return uri;
  }

  private static char[] readPassword(RedisStateSettings s) {
    try {
      String text = Files.readString(s.passwordFile(), StandardCharsets.UTF_8);
      text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      if (text.isEmpty()) {
        throw new ApeConfigurationException(RedisStateSettings.PASSWORD_FILE + " names '"
            + s.passwordFile() + "', which is empty");
      }
      return text.toCharArray();
    } catch (IOException e) {
      throw new ApeConfigurationException(RedisStateSettings.PASSWORD_FILE + " names '"
          + s.passwordFile() + "', which cannot be read: " + e.getMessage(), e);
    }
  }

  /** {@code redis redis://host:port} (never with credentials). */
  public String describe() {
    return description;
  }

  /** The longest an operation waits. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs a script ({@code EVALSHA}, loading it with {@code EVAL} when Redis does not know it).
   *
   * @throws StateUnavailableException on any failure
   */
  @SuppressWarnings("unchecked")
  public <T> T script(String what, Script script, String[] keys, String... args) {
    return call(what, c -> {
      RedisFuture<T> sha = c.evalsha(script.sha1(), script.output(), keys, args);
      return new ScriptFuture<>(sha, () -> c.eval(script.source(), script.output(), keys, args));
    });
  }

  /**
   * Runs one command.
   *
   * @throws StateUnavailableException on any failure
   */
  public <T> T call(String what, Function<RedisAsyncCommands<String, String>, Awaitable<T>> op) {
    RedisAsyncCommands<String, String> commands = connection().async();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      return op.apply(commands).await(deadline);
    } catch (TimeoutException e) {
      throw new StateUnavailableException(description + " did not answer within " + timeout
          + " (" + what + "); the call is refused", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateUnavailableException(description + ": interrupted while waiting for "
          + what, e);
    } catch (ExecutionException e) {
      throw unavailable(what, e.getCause() == null ? e : e.getCause());
    } catch (StateUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(what, e);
    }
  }

  private StateUnavailableException unavailable(String what, Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getMessage();
    return new StateUnavailableException(description + " failed (" + what + "): " + message
        + "; the call is refused", cause);
  }

  private StatefulRedisConnection<String, String> connection() {
    String refused = refusal;
    if (refused != null) {
      throw new StateUnavailableException(refused);
    }
    if (closed) {
      throw new StateUnavailableException(description + ": the shared state is closed");
    }
    StatefulRedisConnection<String, String> c = connection;
    return c != null ? c : connect();
  }

  private StatefulRedisConnection<String, String> connect() {
    if (!connectLock.tryLock()) {
      throw new StateUnavailableException(description + " is not connected (a connection attempt "
          + "is under way); the call is refused");
    }
    try {
      if (connection != null) {
        return connection;
      }
      long now = System.nanoTime();
      if (nextConnect != 0 && now - nextConnect < 0) {
        throw new StateUnavailableException(description + " cannot be reached; the call is "
            + "refused (next connection attempt within a second)");
      }
      nextConnect = now + RETRY_CONNECT_NANOS;
      StatefulRedisConnection<String, String> c;
      try {
        c = client.connect(StringCodec.UTF8, uri);
      } catch (RuntimeException e) {
        throw unavailable("connect", e);
      }
      String problem = checkServer(c);
      if (problem != null) {
        c.close();
        refusal = problem;
        throw new StateUnavailableException(problem);
      }
      connection = c;
      LOG.info("connected to {}", description);
      return c;
    } finally {
      connectLock.unlock();
    }
  }

  /** Refuses a Redis that may evict keys: an evicted counter would loosen a limit. */
  private String checkServer(StatefulRedisConnection<String, String> c) {
    String info;
    try {
      info = c.sync().info("memory");
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot read INFO memory ({}); the eviction policy is not checked", description,
          e.getMessage());
      return null;
    }
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("maxmemory_policy:")) {
        String policy = line.substring("maxmemory_policy:".length()).trim()
            .toLowerCase(Locale.ROOT);
        if (!policy.equals("noeviction") && !allowEviction) {
          return description + " has maxmemory-policy " + policy + ", which may evict rate-limit "
              + "counters, revocations and claims (loosening limits); configure noeviction, or "
              + "set " + RedisStateSettings.ALLOW_EVICTION + "=true to accept that risk";
        }
        if (!policy.equals("noeviction")) {
          LOG.warn("{} has maxmemory-policy {}: evicted keys loosen limits ({}=true)", description,
              policy, RedisStateSettings.ALLOW_EVICTION);
        }
      }
    }
    return null;
  }

  /** Closes the connection and the client's threads. Never throws. */
  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    connection = null;
    try {
      if (c != null) {
        c.close();
      }
    } catch (RuntimeException e) {
      LOG.debug("closing the Redis connection failed", e);
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("shutting the Redis client down failed", e);
    }
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.debug("shutting the Redis client resources down failed", e);
    }
  }

  /** A reply to wait for until a deadline ({@link System#nanoTime()}). */
  @FunctionalInterface
  public interface Awaitable<T> {
    /** The reply. */
    T await(long deadlineNanos) throws InterruptedException, ExecutionException,
        TimeoutException;

    /** A Lettuce future as an {@link Awaitable}; cancelled when the deadline passes. */
    static <T> Awaitable<T> of(RedisFuture<T> future) {
      return deadline -> get(future, deadline);
    }
  }

  static <T> T get(RedisFuture<T> future, long deadline) throws InterruptedException,
      ExecutionException, TimeoutException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw e;
    }
  }

  /** EVALSHA, then EVAL if the script is not loaded (a restarted Redis forgets scripts). */
  private record ScriptFuture<T>(RedisFuture<T> sha,
      java.util.function.Supplier<RedisFuture<T>> eval) implements Awaitable<T> {
    @Override
    public T await(long deadline) throws InterruptedException, ExecutionException,
        TimeoutException {
      try {
        return get(sha, deadline);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RedisNoScriptException) {
          return get(eval.get(), deadline);
        }
        throw e;
      }
    }
  }
}
