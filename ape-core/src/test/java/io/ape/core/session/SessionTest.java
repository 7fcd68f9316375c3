package io.ape.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionRevokedException;
import io.ape.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
  private final SessionManager sessions = SessionManager.builder().clock(clock)
      .maxActionsPerSession(5).build();

  @Test
  void theSeedSessionSnippetInJava() {
    Session session = sessions.create("user_123", "default", Duration.ofMinutes(30));
    session.recordAction("read_file", RiskLevel.MINIMAL);
    session.recordAction("write_file", RiskLevel.MODERATE);
    clock.advance(Duration.ofSeconds(60));
    assertThat(session.actionsExecuted()).containsExactly("read_file", "write_file");
    assertThat(session.cumulativeRisk()).isEqualTo(0.4);
    assertThat(session.timeRemaining()).isEqualTo(Duration.ofSeconds(1740));
    SessionUsageSummary summary = session.usageSummary();
    assertThat(summary.userId()).isEqualTo("user_123");
    assertThat(summary.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(summary.totalActions()).isEqualTo(2);
    assertThat(summary.cumulativeRisk()).isEqualTo(0.4);
    assertThat(summary.timeRemaining()).isEqualTo(Duration.ofSeconds(1740));
    assertThat(summary.toString()).doesNotContain(session.id());
  }

  @Test
  void cumulativeRiskIsTheExactSumOfTheDocumentedScores() {
    Session session = sessions.create("u", "t");
    for (int i = 0; i < 3; i++) {
      session.recordAction("write_file", RiskLevel.LOW);
    }
    assertThat(session.cumulativeRisk()).isEqualTo(0.3);
    session.recordAction("delete_file", RiskLevel.CRITICAL);
    session.recordAction("read_file", RiskLevel.MINIMAL);
    assertThat(session.cumulativeRisk()).isEqualTo(1.3);
  }

  @Test
  void tokensIssuedAreCountedWhileActive() {
    Session session = sessions.create("u", "t");
    session.recordTokenIssued();
    session.recordTokenIssued();
    assertThat(session.tokensIssued()).isEqualTo(2);
    assertThat(session.usageSummary().tokensIssued()).isEqualTo(2);
    session.revoke();
    assertThatThrownBy(session::recordTokenIssued).isInstanceOf(SessionRevokedException.class);
    assertThat(session.tokensIssued()).isEqualTo(2);
  }

  @Test
  void aSessionRecordsAtMostItsMaximumNumberOfActions() {
    Session session = sessions.create("u", "t");
    for (int i = 0; i < 5; i++) {
      session.recordAction("read_file", RiskLevel.MINIMAL);
    }
    assertThatThrownBy(() -> session.recordAction("read_file", RiskLevel.MINIMAL))
        .isInstanceOfSatisfying(RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo(Session.ACTIONS_LIMIT_TYPE))
        .hasMessageContaining("5 actions");
    assertThat(session.actionsExecuted()).hasSize(5);
  }

  @Test
  void invalidActionIdsAreNotRecorded() {
    Session session = sessions.create("u", "t");
    assertThatThrownBy(() -> session.recordAction("read file", RiskLevel.LOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.recordAction("read_file", null))
        .isInstanceOf(NullPointerException.class);
    assertThat(session.actionsExecuted()).isEmpty();
  }

  @Test
  void theContextCarriesTheLastPathToTheNextTurn() {
    Session session = sessions.create("u", "t");
    assertThat(session.context()).isEqualTo(SessionContext.empty());
    session.updateContext(c -> c.remember("read_file", Map.of("path", "config.json"),
        Provenance.USER_TRUSTED));
    // "Now update it": the orchestrator finds the path of the last turn.
    SessionContext context = session.context();
    assertThat(context.turn()).isEqualTo(1);
    assertThat(context.lastActionId()).isEqualTo("read_file");
    assertThat(context.parameter("path")).contains("config.json");
    assertThat(context.provenance()).isEqualTo(Provenance.USER_TRUSTED);

    session.updateContext(c -> c.remember("list_directory", Map.of(), Provenance.USER_TRUSTED));
    assertThat(session.context().parameter("path")).contains("config.json");
    assertThat(session.context().turn()).isEqualTo(2);

    session.updateContext(c -> c.remember("fetch_url", Map.of("url", "https://x.example",
        "limit", 5), Provenance.EXTERNAL_UNTRUSTED));
    assertThat(session.context().lastParameters()).containsOnlyKeys("url");
    assertThat(session.context().provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void theContextIsBoundedAndImmutable() {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      params.put("p" + (100 + i), "v" + i);
    }
    params.put("content", "x".repeat(SessionContext.MAX_VALUE_LENGTH + 1));
    SessionContext c = SessionContext.empty().remember("write_file", params, null);
    assertThat(c.lastParameters()).hasSize(SessionContext.MAX_PARAMETERS)
        .doesNotContainKey("content");
    assertThat(c.provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThatThrownBy(() -> c.lastParameters().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    Map<String, String> source = new HashMap<>(Map.of("path", "a"));
    SessionContext copy = new SessionContext(1, "read_file", source, Provenance.USER_TRUSTED);
    source.put("path", "b");
    assertThat(copy.parameter("path")).contains("a");
    assertThatThrownBy(() -> new SessionContext(-1, null, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNullContextUpdateIsRefusedAndChangesNothing() {
    Session session = sessions.create("u", "t");
    assertThatThrownBy(() -> session.updateContext(c -> null))
        .isInstanceOf(NullPointerException.class);
    assertThat(session.context()).isEqualTo(SessionContext.empty());
    assertThat(session.actionsExecuted()).isEqualTo(List.of());
  }

  @Test
  void aReservationCountsAgainstTheCapAndTheRiskButIsListedOnlyOnceItRan() {
    Session session = sessions.create("u", "t");
    session.reserveAction("write_file", RiskLevel.MODERATE);
    session.reserveAction("read_file", RiskLevel.MINIMAL);
    assertThat(session.actionsReserved()).isEqualTo(2);
    assertThat(session.cumulativeRisk()).isEqualTo(0.4);
    assertThat(session.actionsExecuted()).isEmpty();
    session.recordExecuted("read_file", Map.of("path", "config.json"), Provenance.USER_TRUSTED);
    assertThat(session.actionsExecuted()).containsExactly("read_file");
    assertThat(session.context().parameter("path")).contains("config.json");
    session.recordExecuted("write_file", Map.of(), Provenance.USER_TRUSTED);
    // never more listed as executed than reserved
    assertThatThrownBy(() -> session.recordExecuted("write_file", Map.of(), null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(session.actionsExecuted()).hasSize(2);
  }

  @Test
  void aToolThatRanBeforeRevocationIsStillListedButNothingMoreIsReserved() {
    Session session = sessions.create("u", "t");
    session.reserveAction("write_file", RiskLevel.MODERATE);
    assertThat(session.revoke("operator")).isTrue();
    session.recordExecuted("write_file", Map.of("path", "a"), Provenance.USER_TRUSTED);
    assertThat(session.actionsExecuted()).containsExactly("write_file");
    assertThatThrownBy(() -> session.reserveAction("write_file", RiskLevel.MODERATE))
        .isInstanceOf(SessionRevokedException.class).hasMessageContaining("(operator)");
    assertThat(session.revocationReason()).isEqualTo("operator");
    assertThat(session.actionsReserved()).isEqualTo(1);
  }

  @Test
  void theReferenceIsStableNonSecretAndDistinct() {
    Session a = sessions.create("u", "t");
    Session b = sessions.create("u", "t");
    assertThat(a.reference()).matches("s-[A-Za-z0-9_-]{16}").isEqualTo(a.reference())
        .isNotEqualTo(b.reference());
    assertThat(a.id()).doesNotContain(a.reference().substring(2));
    assertThat(a.toString()).doesNotContain(a.id());
  }
}
