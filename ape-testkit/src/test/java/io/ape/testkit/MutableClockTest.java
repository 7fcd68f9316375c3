package io.ape.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void movesOnlyWhenTold() {
    MutableClock c = MutableClock.at(T0);
    assertThat(c.instant()).isEqualTo(T0);
    c.advance(Duration.ofSeconds(5));
    assertThat(c.instant()).isEqualTo(T0.plusSeconds(5));
    c.set(T0);
    assertThat(c.millis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void aZonedViewSharesTheTime() {
    MutableClock c = MutableClock.at(T0);
    var paris = c.withZone(ZoneId.of("Europe/Paris"));
    c.advance(Duration.ofMinutes(1));
    assertThat(paris.instant()).isEqualTo(T0.plusSeconds(60));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
