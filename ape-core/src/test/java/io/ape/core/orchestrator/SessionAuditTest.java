package io.ape.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import io.ape.api.TenantMismatchException;
import io.ape.core.testing.MutableClock;
import io.ape.spi.AuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orchestrator sessions live in its {@code SessionManager}: one SESSION_STARTED and one
 * SESSION_ENDED audit event per session (DESIGN §8), with the reason; bounded, tenant-bound,
 * listed in one place.
 */
class SessionAuditTest {
  static final String POLICY = "name: files\ndefault_decision: deny\n"
      + "allowed_actions: [read_file]\n";

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final AtomicBoolean sinkBroken = new AtomicBoolean();
  ApeOrchestrator orch;

  @BeforeEach
  void setUp() throws IOException {
    orch = builder().build();
  }

  ApeOrchestrator.Builder builder() throws IOException {
    Path p = dir.resolve("files.yaml");
    Files.writeString(p, POLICY);
    AuditSink breakable = event -> {
      if (sinkBroken.get()) {
        throw new AuditException("disk full");
      }
    };
    return ApeOrchestrator.builder().policyFile(p).clock(clock).tenant("acme")
        .auditSink(breakable)
        .tool("read_file", x -> {
          calls.add("read " + x.get("path"));
          return "{}";
        });
  }

  @AfterEach
  void tearDown() {
    orch.close();
  }

  List<AuditEvent> sessionEvents(ApeSession session) {
    List<AuditEvent> out = new ArrayList<>();
    for (AuditEvent e : orch.auditEvents().events()) {
      if ((e.type() == AuditEventType.SESSION_STARTED || e.type() == AuditEventType.SESSION_ENDED)
          && e.sessionId().equals(session.sessionId())) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void aSessionThatIsEndedIsAuditedOnceAtItsStartAndOnceAtItsEnd() {
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(30));
    session.execute("Read config.json");
    session.end();
    session.end();
    session.revoke("too late");
    assertThatThrownBy(() -> session.execute("Read config.json"))
        .isInstanceOf(SessionRevokedException.class).hasMessageContaining("ended");

    List<AuditEvent> events = sessionEvents(session);
    assertThat(events).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SESSION_STARTED, AuditEventType.SESSION_ENDED);
    AuditEvent start = events.get(0);
    assertThat(start.tenantId()).isEqualTo("acme");
    assertThat(start.details()).containsEntry("user_id", "alice")
        .containsEntry("expires_at", "2026-01-01T00:30:00Z");
    AuditEvent end = events.get(1);
    assertThat(end.reason()).isEqualTo("ended");
    assertThat(end.details()).containsEntry("end_reason", "ended")
        .containsEntry("actions_executed", "1").containsEntry("tokens_issued", "1");
    assertThat(orch.sessions().activeCount()).isZero();
  }

  @Test
  void closingTheOrchestratorEndsEveryOpenSessionAndAuditsTheEnd() {
    ApeSession open = orch.createSession("alice", Duration.ofMinutes(30));
    ApeSession revoked = orch.createSession("bob", Duration.ofMinutes(30));
    revoked.revoke("user logged out");

    orch.close();

    assertThat(sessionEvents(open)).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SESSION_STARTED, AuditEventType.SESSION_ENDED);
    assertThat(sessionEvents(open).get(1).details()).containsEntry("end_reason", "ended");
    assertThat(sessionEvents(revoked)).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SESSION_STARTED, AuditEventType.SESSION_ENDED);
    assertThatThrownBy(() -> open.execute("Read config.json"))
        .isInstanceOf(SessionRevokedException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void aRevokedSessionIsAuditedWithTheRevocationReason() {
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(30));
    session.revoke("user logged out");
    session.revoke("again");

    List<AuditEvent> events = sessionEvents(session);
    assertThat(events).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SESSION_STARTED, AuditEventType.SESSION_ENDED);
    assertThat(events.get(1).reason()).isEqualTo("revoked: user logged out");
    assertThat(events.get(1).details()).containsEntry("end_reason", "revoked");
    assertThat(session.isRevoked()).isTrue();
  }

  @Test
  void anExpiredSessionIsAuditedAsExpiredWhenItIsNextUsed() {
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> session.execute("Read config.json"))
        .isInstanceOf(SessionExpiredException.class);
    assertThatThrownBy(() -> session.execute("Read config.json"))
        .isInstanceOf(SessionExpiredException.class);
    session.end();

    List<AuditEvent> events = sessionEvents(session);
    assertThat(events).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SESSION_STARTED, AuditEventType.SESSION_ENDED);
    assertThat(events.get(1).reason()).isEqualTo("expired");
    assertThat(calls).isEmpty();
  }

  @Test
  void anExpiredSessionThatIsNeverUsedAgainIsAuditedAsExpiredWhenPurged() {
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));
    assertThat(orch.sessions().purge()).isEqualTo(1);
    assertThat(sessionEvents(session)).extracting(AuditEvent::reason)
        .containsExactly("session started", "expired");
  }

  @Test
  void theBearerSessionIdNeverAppearsInTheAudit() {
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(1));
    session.execute("Read config.json");
    session.revoke("done");
    String secret = session.session().id();
    assertThat(session.sessionId()).isNotEqualTo(secret).startsWith("s-");
    assertThat(orch.auditEvents().events()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.toString()).doesNotContain(secret);
      assertThat(e.details().values()).noneMatch(v -> v.contains(secret));
    });
  }

  @Test
  void aSessionWhoseStartCannotBeAuditedIsNeverHandedOut() {
    sinkBroken.set(true);
    assertThatThrownBy(() -> orch.createSession("alice", Duration.ofMinutes(30)))
        .isInstanceOf(AuditException.class);
    sinkBroken.set(false);
    assertThat(orch.sessions().activeCount()).isZero();
    assertThat(orch.sessions().list("acme")).isEmpty();
  }

  @Test
  void sessionsAreBoundedListedPerTenantAndTenantBound() throws IOException {
    orch.close();
    orch = builder().sessions(s -> s.maxSessions(2)).build();
    ApeSession a = orch.createSession("alice", Duration.ofMinutes(30));
    ApeSession b = orch.createSession("bob", Duration.ofMinutes(30), "other");
    assertThatThrownBy(() -> orch.createSession("carol", Duration.ofMinutes(30)))
        .isInstanceOf(SessionException.class).hasMessageContaining("2 live sessions");

    assertThat(orch.sessions().list("acme")).containsExactly(a.session());
    assertThat(orch.sessions().list("other")).containsExactly(b.session());
    assertThatThrownBy(() -> orch.sessions().get(a.session().id(), "other"))
        .isInstanceOf(TenantMismatchException.class);

    assertThat(orch.sessions().revoke(b.session().id(), "other")).isTrue();
    assertThatThrownBy(() -> b.execute("Read config.json"))
        .isInstanceOf(SessionRevokedException.class);
    ApeSession c = orch.createSession("carol", Duration.ofMinutes(30));
    assertThat(c.execute("Read config.json").success()).isTrue();
    assertThat(calls).containsExactly("read config.json");
  }

  @Test
  void aSessionLongerThanTheManagersMaximumIsRefused() throws IOException {
    orch.close();
    orch = builder().sessions(s -> s.maxTtl(Duration.ofHours(1))).build();
    assertThatThrownBy(() -> orch.createSession("alice", Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum");
    assertThat(orch.auditEvents().events(AuditEventType.SESSION_STARTED)).isEmpty();
  }
}
