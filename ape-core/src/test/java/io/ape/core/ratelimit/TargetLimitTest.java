package io.ape.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.RateLimitExceededException;
import io.ape.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-target-pattern limits: one counter per pattern, whatever spelling the target uses. */
class TargetLimitTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));

  private RateLimiter limiter(String pattern, int max) {
    return RateLimiter.builder().clock(clock).targetLimit(pattern, max, MINUTE).build();
  }

  private static void allowed(RateLimiter limiter, String target) {
    assertThatCode(() -> limiter.reserve(null, "fetch_url", target, 0))
        .as("target %s", target).doesNotThrowAnyException();
  }

  private static void refused(RateLimiter limiter, String target, String limitType) {
    assertThatThrownBy(() -> limiter.reserve(null, "fetch_url", target, 0))
        .as("target %s", target)
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo(limitType));
  }

  @Test
  void subDomainSpreadingDoesNotEscapeAPatternLimit() {
    RateLimiter limiter = limiter("*.corp", 2);
    allowed(limiter, "a.corp");
    allowed(limiter, "https://a.corp/x");
    refused(limiter, "b.corp", "target:*.corp/per_minute");
    refused(limiter, "https://deep.er.c.corp/", "target:*.corp/per_minute");
  }

  @Test
  void caseTrailingDotPortUserinfoAndIdnSpellingsShareTheCounter() {
    RateLimiter limiter = limiter("api.example.com", 1);
    allowed(limiter, "api.example.com");
    for (String spelling : List.of("API.Example.com", "api.example.com.", "API.EXAMPLE.COM:443",
        "https://API.Example.com./v1", "https://user:pw@api.example.com/", "//api.example.com",
        "https:api.example.com", "HTTPS:\\\\api.example.com\\x", "bob@api.example.com")) {
      refused(limiter, spelling, "target:api.example.com/per_minute");
    }
    RateLimiter idn = limiter("*.bücher.example", 1);
    allowed(idn, "https://shop.xn--bcher-kva.example/");
    refused(idn, "https://SHOP.BÜCHER.example/", "target:*.bücher.example/per_minute");
  }

  @Test
  void aWildcardPatternDoesNotMatchItsApexOrLookAlikes() {
    RateLimiter limiter = limiter("*.github.com", 0);
    refused(limiter, "api.github.com", "target:*.github.com/per_minute");
    allowed(limiter, "github.com");
    allowed(limiter, "evilgithub.com");
    allowed(limiter, "github.com.evil.com");
    allowed(limiter, "https://github.com@evil.com/");
    refused(limiter, "https://evil.com@api.github.com/", "target:*.github.com/per_minute");
  }

  @Test
  void aUrlWhoseHostCannotBeReadCountsAgainstEveryHostPattern() {
    RateLimiter limiter = limiter("*.github.com", 0);
    refused(limiter, "https://%61pi.github.com/", "target:*.github.com/per_minute");
    refused(limiter, "https://exa mple.com/", "target:*.github.com/per_minute");
    refused(limiter, "https:///nohost", "target:*.github.com/per_minute");
  }

  @Test
  void everyMatchingPatternApplies() {
    RateLimiter limiter = RateLimiter.builder().clock(clock)
        .targetLimit("*.github.com", 3, MINUTE)
        .targetLimit("api.github.com", 1, MINUTE)
        .build();
    allowed(limiter, "api.github.com");
    refused(limiter, "api.github.com", "target:api.github.com/per_minute");
    allowed(limiter, "raw.github.com");
    allowed(limiter, "raw.github.com");
    refused(limiter, "raw.github.com", "target:*.github.com/per_minute");
  }

  @Test
  void aTargetThatMatchesNoPatternIsNotTargetLimitedButCountsGlobally() {
    RateLimiter limiter = RateLimiter.builder().clock(clock).globalLimit(3, MINUTE)
        .targetLimit("*.corp", 1, MINUTE).build();
    allowed(limiter, "example.com");
    allowed(limiter, "example.org");
    allowed(limiter, "a.corp");
    assertThatThrownBy(() -> limiter.reserve(null, "fetch_url", "example.net", 0))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo("global/per_minute"));
  }

  @Test
  void hostGlobsMatchTheLowerCasedHost() {
    RateLimiter limiter = limiter("api-*.corp", 1);
    allowed(limiter, "API-eu.corp");
    refused(limiter, "https://api-us.CORP/", "target:api-*.corp/per_minute");
    allowed(limiter, "web.corp");
  }

  @Test
  void pathPatternsMatchTheNormalisedPathWhateverTheSpelling() {
    RateLimiter limiter = limiter("/data/*", 1);
    allowed(limiter, "/data/a.txt");
    for (String spelling : List.of("/data/b.txt", "/DATA/b.txt", "//data//b.txt",
        "/tmp/../data/b.txt", "/data/./x/../b.txt", "\\data\\b.txt", "file:///data/b.txt",
        "FILE:/data/b.txt")) {
      refused(limiter, spelling, "target:/data/*/per_minute");
    }
    allowed(limiter, "/database/x");
    allowed(limiter, "/tmp/data/x");
  }

  @Test
  void relativePathPatternsMatchRelativeTargets() {
    RateLimiter limiter = limiter("secrets/*", 1);
    allowed(limiter, "secrets/a");
    refused(limiter, "a/../secrets/b", "target:secrets/*/per_minute");
    refused(limiter, "./Secrets/b", "target:secrets/*/per_minute");
  }

  @Test
  void theStarPatternCountsEveryTarget() {
    RateLimiter limiter = limiter("*", 3);
    allowed(limiter, "/etc/passwd");
    allowed(limiter, "https://example.com");
    allowed(limiter, "users_table");
    refused(limiter, "anything", "target:*/per_minute");
    allowed(limiter, null);
  }

  @Test
  void aPatternIsCountedOnceHoweverManyTargetsOfOneActionMatchIt() {
    RateLimiter limiter = limiter("/data/*", 2);
    limiter.reserve(null, "copy_file", List.of("/data/a", "/data/b"), 0);
    limiter.reserve(null, "copy_file", Arrays.asList("/data/c", null, "/tmp/x"), 0);
    assertThatThrownBy(() -> limiter.reserve(null, "copy_file", List.of("/tmp/y", "/data/z"), 0))
        .isInstanceOf(RateLimitExceededException.class);
  }

  @Test
  void manyDistinctAttackerChosenHostsCreateNoCounters() {
    RateLimiter limiter = RateLimiter.builder().clock(clock).globalLimit(1_000_000, MINUTE)
        .targetLimit("*.corp", 1_000_000, MINUTE).targetLimit("/data/*", 5, MINUTE).build();
    int before = limiter.usage(null).limits().size();
    for (int i = 0; i < 20_000; i++) {
      limiter.reserve(null, "action_" + (i % 500), "https://h" + i + ".attacker" + i + ".com/", 0);
      limiter.reserve(null, "fetch_url", "h" + i + ".corp", 0);
    }
    RateLimitUsage usage = limiter.usage(null);
    assertThat(usage.limits()).hasSize(before).hasSize(3);
    assertThat(usage.limits().get(0).used()).isEqualTo(40_000);
    assertThat(usage.limits().get(1).used()).isEqualTo(20_000);
  }
}
