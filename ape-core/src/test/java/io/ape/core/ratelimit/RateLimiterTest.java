package io.ape.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RateLimitScope;
import io.ape.api.RateLimitSettings;
import io.ape.api.RiskBudgetExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionNotFoundException;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimiterTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));

  private RateLimiter.Builder limiter() {
    return RateLimiter.builder().clock(clock);
  }

  private static RateLimitExceededException refusal(Runnable call) {
    try {
      call.run();
    } catch (RateLimitExceededException e) {
      return e;
    }
    throw new AssertionError("expected a RateLimitExceededException");
  }

  @Test
  void aGlobalLimitAdmitsExactlyMaxPerWindowAndSaysWhenTheOldestLeaves() {
    RateLimiter limiter = limiter().globalLimit(3, MINUTE).build();
    Instant start = clock.instant();
    limiter.reserve(null, "read_file", (String) null, 0);
    clock.advance(Duration.ofSeconds(10));
    limiter.reserve(null, "read_file", (String) null, 0);
    limiter.reserve(null, "write_file", (String) null, 0);

    RateLimitExceededException e = refusal(() -> limiter.reserve(null, "read_file", (String) null, 0));
    assertThat(e.limitType()).isEqualTo("global/per_minute");
    assertThat(e.limit()).isEqualTo(3);
    assertThat(e.actionId()).isEqualTo("read_file");
    assertThat(e.resetAt()).isEqualTo(start.plus(MINUTE));
    assertThat(e.getMessage()).contains("global/per_minute", "at most 3", "2025-01-01T10:01:00Z");
  }

  @Test
  void theWindowSlidesWithTheClock() {
    RateLimiter limiter = limiter().globalLimit(2, MINUTE).build();
    limiter.reserve(null, "a", (String) null, 0);
    clock.advance(Duration.ofSeconds(30));
    limiter.reserve(null, "a", (String) null, 0);
    clock.advance(Duration.ofSeconds(29));
    refusal(() -> limiter.reserve(null, "a", (String) null, 0));
    clock.advance(Duration.ofSeconds(1)); // the first event leaves exactly one minute after it
    limiter.reserve(null, "a", (String) null, 0);
    RateLimitExceededException e = refusal(() -> limiter.reserve(null, "a", (String) null, 0));
    assertThat(e.resetAt()).isEqualTo(Instant.parse("2025-01-01T10:01:30Z"));
  }

  @Test
  void aRefusedReservationCountsNothing() {
    RateLimiter limiter = limiter().globalLimit(2, MINUTE).actionLimit("write_file", 1, MINUTE)
        .build();
    limiter.reserve(null, "write_file", (String) null, 0);
    for (int i = 0; i < 5; i++) {
      refusal(() -> limiter.reserve(null, "write_file", (String) null, 0));
    }
    assertThat(limiter.usage(null).limits()).extracting(LimitUsage::used).containsExactly(1, 1);
    limiter.reserve(null, "read_file", (String) null, 0);
  }

  @Test
  void actionLimitsPerMinuteHourAndDayEachCountOnlyTheirAction() {
    RateLimiter limiter = limiter()
        .actionLimit("write_file", 2, MINUTE)
        .actionLimit("write_file", 3, Duration.ofHours(1))
        .actionLimit("write_file", 4, Duration.ofDays(1))
        .build();
    limiter.reserve(null, "write_file", (String) null, 0);
    limiter.reserve(null, "write_file", (String) null, 0);
    assertThat(refusal(() -> limiter.reserve(null, "write_file", (String) null, 0)).limitType())
        .isEqualTo("action:write_file/per_minute");
    for (int i = 0; i < 100; i++) {
      limiter.reserve(null, "read_file", (String) null, 0);
    }
    clock.advance(MINUTE);
    limiter.reserve(null, "write_file", (String) null, 0);
    clock.advance(MINUTE);
    RateLimitExceededException hour =
        refusal(() -> limiter.reserve(null, "write_file", (String) null, 0));
    assertThat(hour.limitType()).isEqualTo("action:write_file/per_hour");
    assertThat(hour.resetAt()).isEqualTo(Instant.parse("2025-01-01T11:00:00Z"));
    clock.advance(Duration.ofHours(1));
    limiter.reserve(null, "write_file", (String) null, 0);
    clock.advance(Duration.ofHours(1));
    RateLimitExceededException day =
        refusal(() -> limiter.reserve(null, "write_file", (String) null, 0));
    assertThat(day.limitType()).isEqualTo("action:write_file/per_day");
    assertThat(day.resetAt()).isEqualTo(Instant.parse("2025-01-02T10:00:00Z"));
  }

  @Test
  void aZeroLimitForbidsTheScopeAndNeverResets() {
    RateLimiter limiter = limiter().actionLimit("delete_file", 0, MINUTE).build();
    RateLimitExceededException e =
        refusal(() -> limiter.reserve(null, "delete_file", (String) null, 0));
    assertThat(e.limit()).isZero();
    assertThat(e.resetAt()).isEqualTo(Instant.MAX);
    assertThat(e.getMessage()).contains("allows no action");
  }

  @Test
  void whenSeveralLimitsAreReachedTheOneThatFreesLastIsReported() {
    RateLimiter limiter = limiter().globalLimit(1, MINUTE)
        .actionLimit("write_file", 1, Duration.ofHours(1)).build();
    limiter.reserve(null, "write_file", (String) null, 0);
    RateLimitExceededException e =
        refusal(() -> limiter.reserve(null, "write_file", (String) null, 0));
    assertThat(e.limitType()).isEqualTo("action:write_file/per_hour");
    assertThat(e.resetAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void aClockThatStepsBackNeverFreesASlotEarly() {
    RateLimiter limiter = limiter().globalLimit(1, MINUTE).build();
    limiter.reserve(null, "a", (String) null, 0);
    clock.advance(Duration.ofHours(-1));
    refusal(() -> limiter.reserve(null, "a", (String) null, 0));
    clock.advance(Duration.ofHours(1).plus(MINUTE));
    limiter.reserve(null, "a", (String) null, 0);
  }

  @Test
  void theReservationSaysWhatItWasCountedAgainst() {
    RateLimiter limiter = limiter().globalLimit(10, MINUTE).sessionLimit(5, MINUTE)
        .actionLimit("fetch_url", 5, MINUTE).targetLimit("*.github.com", 5, MINUTE)
        .targetLimit("*.corp", 5, MINUTE).build();
    limiter.openSession("s1");
    Reservation r = limiter.reserve("s1", "fetch_url", "https://api.github.com/x",
        RiskLevel.LOW.score());
    assertThat(r.actionId()).isEqualTo("fetch_url");
    assertThat(r.at()).isEqualTo(clock.instant());
    assertThat(r.riskScore()).isEqualTo(0.1);
    assertThat(r.sessionRisk()).isEqualTo(0.1);
    assertThat(r.limits()).containsExactly("global/per_minute", "action:fetch_url/per_minute",
        "target:*.github.com/per_minute", "session/per_minute");
  }

  // ------------------------------------------------------------------ settings

  @Test
  void settingsFromAPolicyFileAreEnforced(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"),
        String.join("\n",
            "allowed_actions: [write_file, fetch_url]",
            "rate_limits:",
            "  global_per_minute: 100",
            "  per_session_per_minute: 50",
            "  max_cumulative_risk: 0.5",
            "  actions:",
            "    write_file: { per_minute: 2, per_hour: 3 }",
            "  targets:",
            "    \"*.github.com\": { per_minute: 1 }",
            ""));
    RateLimitSettings settings =
        PolicyEngine.fromFile(file).policy().rateLimits();
    RateLimiter limiter = RateLimiter.fromSettings(settings, clock);
    assertThat(limiter.maxCumulativeRisk()).isEqualTo(0.5);
    assertThat(limiter.usage(null).limits()).extracting(LimitUsage::limitType).containsExactly(
        "global/per_minute", "action:write_file/per_minute", "action:write_file/per_hour",
        "target:*.github.com/per_minute");
    limiter.openSession("s");
    limiter.reserve("s", "write_file", (String) null, 0.1);
    limiter.reserve("s", "write_file", (String) null, 0.1);
    assertThat(refusal(() -> limiter.reserve("s", "write_file", (String) null, 0)).limitType())
        .isEqualTo("action:write_file/per_minute");
    limiter.reserve("s", "fetch_url", "https://api.github.com", 0.3);
    assertThat(refusal(() -> limiter.reserve("s", "fetch_url", "https://raw.github.com", 0))
        .limitType()).isEqualTo("target:*.github.com/per_minute");
    assertThat(refusal(() -> limiter.reserve("s", "fetch_url", "https://example.com", 0.1))
        .limitType()).isEqualTo("risk_budget");
    assertThat(limiter.usage("s").limits()).extracting(LimitUsage::limitType)
        .contains("session/per_minute");
  }

  @Test
  void programmaticLimitsOnlyTightenTheSettings() {
    RateLimiter limiter = limiter()
        .settings(new RateLimitSettings(List.of(
            new RateLimit(RateLimitScope.GLOBAL, "", MINUTE, 5)), 2.0))
        .globalLimit(1, MINUTE)
        .maxCumulativeRisk(3.0)
        .build();
    assertThat(limiter.maxCumulativeRisk()).isEqualTo(2.0);
    limiter.reserve(null, "a", (String) null, 0);
    refusal(() -> limiter.reserve(null, "a", (String) null, 0));
  }

  @Test
  void invalidConfigurationIsATypedErrorAtBuildTime() {
    assertThatThrownBy(() -> limiter().targetLimit("https://*.corp:443", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("not a host pattern");
    assertThatThrownBy(() -> limiter().targetLimit("user@corp", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("host pattern");
    assertThatThrownBy(() -> limiter().targetLimit("a b", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class);
    assertThatThrownBy(() -> limiter().targetLimit("*.", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class);
    assertThatThrownBy(() -> limiter().targetLimit("api-*.bücher.de", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("punycode");
    assertThatThrownBy(() -> limiter().actionLimit("write file\n", 1, MINUTE).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("action id");
    assertThatThrownBy(() -> limiter().globalLimit(1, Duration.ofDays(400)).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("366");
    assertThatThrownBy(() -> limiter().maxCumulativeRisk(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter().maxCumulativeRisk(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter().globalLimit(-1, MINUTE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidActionIdsAreRefusedNotCounted() {
    RateLimiter limiter = limiter().globalLimit(1, MINUTE).build();
    assertThatThrownBy(() -> limiter.reserve(null, "read file", (String) null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.reserve(null, null, (String) null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    limiter.reserve(null, "read_file", (String) null, 0);
  }

  // ------------------------------------------------------------------ risk budget

  @Test
  void negativeNanAndInfiniteRiskAreRejectedAndCountNothing() {
    RateLimiter limiter = limiter().globalLimit(1, MINUTE).maxCumulativeRisk(1.0).build();
    limiter.openSession("s");
    for (double bad : new double[] {-0.1, -100, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> limiter.reserve("s", "a", (String) null, bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("risk score");
    }
    assertThat(limiter.usage("s").cumulativeRisk()).isZero();
    limiter.reserve("s", "a", (String) null, 1.0);
  }

  @Test
  void negativeRiskCannotBuyBackBudget() {
    RateLimiter limiter = limiter().maxCumulativeRisk(1.0).build();
    limiter.openSession("s");
    limiter.reserve("s", "a", (String) null, 1.0);
    assertThatThrownBy(() -> limiter.reserve("s", "a", (String) null, -100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(refusal(() -> limiter.reserve("s", "a", (String) null, 0.1)).limitType())
        .isEqualTo("risk_budget");
    assertThat(limiter.usage("s").riskRemaining()).isZero();
  }

  @Test
  void reachingTheBudgetExactlyIsAllowedExceedingItIsNot() {
    RateLimiter limiter = limiter().maxCumulativeRisk(0.3).build();
    limiter.openSession("s");
    Reservation last = null;
    for (int i = 0; i < 3; i++) {
      last = limiter.reserve("s", "write_file", (String) null, RiskLevel.LOW.score());
    }
    assertThat(last.sessionRisk()).isEqualTo(0.3);
    limiter.reserve("s", "read_file", (String) null, RiskLevel.MINIMAL.score());
    RateLimitExceededException e =
        refusal(() -> limiter.reserve("s", "write_file", (String) null, 0.1));
    assertThat(e).isInstanceOfSatisfying(RiskBudgetExceededException.class, r -> {
      assertThat(r.limitType()).isEqualTo("risk_budget");
      assertThat(r.budget()).isEqualTo(0.3);
      assertThat(r.cumulativeRisk()).isEqualTo(0.3);
      assertThat(r.requestedRisk()).isEqualTo(0.1);
      assertThat(r.resetAt()).isEqualTo(Instant.MAX);
    });
    assertThat(e.getMessage()).contains("0.3 reserved + 0.1 > 0.3");
    clock.advance(Duration.ofDays(1));
    refusal(() -> limiter.reserve("s", "write_file", (String) null, 0.1));
  }

  @Test
  void theBudgetIsPerSessionAndDoesNotApplyOutsideSessions() {
    RateLimiter limiter = limiter().maxCumulativeRisk(1.0).build();
    limiter.openSession("s1");
    limiter.openSession("s2");
    limiter.reserve("s1", "a", (String) null, 1.0);
    limiter.reserve("s2", "a", (String) null, 1.0);
    refusal(() -> limiter.reserve("s1", "a", (String) null, 0.1));
    assertThat(limiter.reserve(null, "a", (String) null, 5.0).sessionRisk()).isZero();
    assertThat(limiter.reserve("", "a", (String) null, 5.0).sessionRisk()).isZero();
  }

  @Test
  void aRiskRefusalCountsNoWindowEither() {
    RateLimiter limiter = limiter().actionLimit("a", 5, MINUTE).maxCumulativeRisk(1.0).build();
    limiter.openSession("s");
    refusal(() -> limiter.reserve("s", "a", (String) null, 1.5));
    assertThat(limiter.usage("s").limits().get(0).used()).isZero();
  }

  // ------------------------------------------------------------------ sessions

  @Test
  void sessionLimitsCountEachSessionSeparately() {
    RateLimiter limiter = limiter().sessionLimit(2, MINUTE).build();
    limiter.openSession("s1");
    limiter.openSession("s2");
    limiter.reserve("s1", "a", (String) null, 0);
    limiter.reserve("s1", "a", (String) null, 0);
    assertThat(refusal(() -> limiter.reserve("s1", "a", (String) null, 0)).limitType())
        .isEqualTo("session/per_minute");
    limiter.reserve("s2", "a", (String) null, 0);
    limiter.reserve(null, "a", (String) null, 0);
  }

  @Test
  void aSessionThatIsNotOpenCannotReserve() {
    RateLimiter limiter = limiter().build();
    assertThatThrownBy(() -> limiter.reserve("never-opened", "a", (String) null, 0))
        .isInstanceOf(SessionNotFoundException.class);
    limiter.openSession("s");
    limiter.reserve("s", "a", (String) null, 0);
    assertThat(limiter.closeSession("s")).isTrue();
    assertThat(limiter.closeSession("s")).isFalse();
    assertThatThrownBy(() -> limiter.reserve("s", "a", (String) null, 0))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> limiter.usage("s")).isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void closingASessionDropsItsStateAndOpenSessionsAreBounded() {
    RateLimiter limiter = limiter().sessionLimit(1, MINUTE).maxCumulativeRisk(1).maxSessions(2)
        .build();
    limiter.openSession("s1");
    limiter.openSession("s1");
    limiter.openSession("s2");
    assertThat(limiter.openSessions()).isEqualTo(2);
    assertThatThrownBy(() -> limiter.openSession("s3")).isInstanceOf(SessionException.class)
        .hasMessageContaining("maximum");
    limiter.reserve("s1", "a", (String) null, 1);
    limiter.closeSession("s1");
    assertThat(limiter.openSessions()).isEqualTo(1);
    limiter.openSession("s3");
    assertThatThrownBy(() -> limiter.openSession("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSessionsOwnBudgetOnlyTightensTheLimitersBudget() {
    RateLimiter limiter = limiter().maxCumulativeRisk(1.0).build();
    limiter.openSession("tight", 0.5);
    limiter.openSession("loose", 5.0);
    limiter.openSession("default");
    limiter.reserve("tight", "write_file", (String) null, 0.4);
    RiskBudgetExceededException e = org.junit.jupiter.api.Assertions.assertThrows(
        RiskBudgetExceededException.class,
        () -> limiter.reserve("tight", "write_file", (String) null, 0.4));
    assertThat(e.budget()).isEqualTo(0.5);
    assertThat(e.getMessage()).contains("0.4 reserved + 0.4 > 0.5");
    assertThat(limiter.usage("tight").maxCumulativeRisk()).isEqualTo(0.5);
    for (String session : List.of("loose", "default")) {
      limiter.reserve(session, "write_file", (String) null, 0.6);
      assertThatThrownBy(() -> limiter.reserve(session, "write_file", (String) null, 0.6))
          .isInstanceOfSatisfying(RiskBudgetExceededException.class,
              r -> assertThat(r.budget()).isEqualTo(1.0));
      assertThat(limiter.usage(session).maxCumulativeRisk()).isEqualTo(1.0);
    }
    assertThatThrownBy(() -> limiter.openSession("bad", -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.openSession("bad", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(limiter.isSessionOpen("bad")).isFalse();
  }
}
