package io.ape.redis;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik container when no Redis is configured ({@code APETEST_REDIS_URI}), with a message;
 * with {@code APETEST_REQUIRE_SERVERS=true} it runs, and fails for want of a server.
 */
public final class RequiresRedis implements SkipExecutionHook {
  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    if (TestRedis.available() || TestRedis.required()) {
      return SkipResult.doNotSkip();
    }
    return SkipResult.skip(TestRedis.URI_VARIABLE + " is not set: start a real Redis with "
        + "`eval \"$(scripts/test-servers.sh start)\"` to run this property");
  }
}
