package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.CallStatus;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.ProposedCall;
import io.ape.api.Provenance;
import io.ape.api.RiskLevel;
import io.ape.core.audit.InMemoryAuditSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seam on its own: every way a call can go, through the public API. */
@Timeout(60)
class OrchestratorCallGuardTest {
  @TempDir
  Path dir;

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final AtomicInteger runs = new AtomicInteger();
  private OrchestratorCallGuard guard;

  @BeforeEach
  void start() throws Exception {
    Path policy = dir.resolve("p.yaml");
    Files.writeString(policy, """
        name: seam
        version: "1"
        default_decision: deny
        allowed_actions: ["s.read"]
        escalation_required: ["s.wipe"]
        forbidden_actions: ["s.never"]
        """, StandardCharsets.UTF_8);
    guard = OrchestratorCallGuard.builder().policyFile(policy).auditSink(audit)
        .escalationTimeout(Duration.ofSeconds(10)).build();
    for (String id : List.of("s.read", "s.wipe", "s.never", "s.boom")) {
      guard.register(new GuardedTool(id, id, p -> {
        runs.incrementAndGet();
        if (id.equals("s.boom")) {
          throw new IllegalStateException("upstream gone");
        }
        return Map.of("ran", id, "with", p);
      }, RiskLevel.HIGH, Map.of("type", "object"), id));
    }
  }

  @AfterEach
  void stop() {
    guard.close();
  }

  private CallGuard.Session session(io.ape.spi.EscalationResolver resolver) {
    return guard.openSession(new SessionRequest("tester", "default", Duration.ofHours(1), resolver, Map.of()));
  }

  private GuardedCallResult call(CallGuard.Session s, String tool, Map<String, ?> args) {
    return guard.call(ProposedCall.of("default", s.id(), tool, tool, args));
  }

  @Test
  void anAllowedCallRunsOnceAndItsResultIsLabelledUntrusted() {
    GuardedCallResult r = call(session(null), "s.read", Map.of("path", "/a"));
    assertThat(r.status()).isEqualTo(CallStatus.EXECUTED);
    assertThat(r.value().provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(r.parameterLabels()).containsEntry("path", Provenance.EXTERNAL_UNTRUSTED);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(audit.events(AuditEventType.TOKEN_CONSUMED)).hasSize(1);
  }

  @Test
  void everyRefusalIsAResultNeverAnExceptionAndTheToolDoesNotRun() {
    CallGuard.Session s = session(null);
    assertThat(call(s, "s.never", Map.of()).status()).isEqualTo(CallStatus.DENIED);
    assertThat(call(s, "s.unlisted", Map.of()).status()).isEqualTo(CallStatus.INVALID);
    assertThat(call(s, "s.wipe", Map.of()).status()).isEqualTo(CallStatus.ESCALATION_DENIED);
    assertThat(guard.call(ProposedCall.of("default", "gw-forged", "s.read", "s.read", Map.of())).status())
        .isEqualTo(CallStatus.INVALID);
    assertThat(guard.call(ProposedCall.of("other-tenant", s.id(), "s.read", "s.read", Map.of())).status())
        .isEqualTo(CallStatus.INVALID);
    assertThat(guard.call(ProposedCall.of("default", s.id(), "s.never", "s.read", Map.of())).status())
        .as("a tool called under another action's id").isEqualTo(CallStatus.DENIED);
    assertThat(runs.get()).isZero();
    s.close();
    assertThat(call(s, "s.read", Map.of()).status()).isEqualTo(CallStatus.INVALID);
    assertThat(runs.get()).isZero();
  }

  @Test
  void aFailingToolIsToolFailedWithItsTokenConsumed() {
    guard.close();
    // s.boom is not in the policy: allow it for this test
    start2("allowed_actions: [\"s.boom\"]");
    GuardedCallResult r = call(session(null), "s.boom", Map.of());
    assertThat(r.status()).isEqualTo(CallStatus.TOOL_FAILED);
    assertThat(r.modelMessage()).isEqualTo("The tool failed while running.");
    assertThat(audit.events(AuditEventType.TOKEN_CONSUMED)).hasSize(1);
  }

  private void start2(String line) {
    try {
      Path policy = dir.resolve("p2.yaml");
      Files.writeString(policy, "name: seam2\nversion: \"1\"\ndefault_decision: deny\n" + line + "\n");
      guard = OrchestratorCallGuard.builder().policyFile(policy).auditSink(audit).build();
      guard.register(new GuardedTool("s.boom", "s.boom", p -> {
        throw new IllegalStateException("upstream gone");
      }, RiskLevel.LOW, null, ""));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Attack: an approval meant for one session's call must never approve another's, even when
   * both escalate at the same time. Each session's resolver approves only its own calls.
   */
  @Test
  void concurrentEscalationsReachTheirOwnSessionsResolverOnly() throws Exception {
    AtomicInteger wrongSession = new AtomicInteger();
    CallGuard.Session yes = session(req -> {
      if (!req.parameters().get("who").equals("yes")) {
        wrongSession.incrementAndGet();
      }
      return EscalationResolution.approve(req, "yes-human", Provenance.USER_TRUSTED);
    });
    CallGuard.Session no = session(req -> {
      if (!req.parameters().get("who").equals("no")) {
        wrongSession.incrementAndGet();
      }
      return EscalationResolution.deny(req, "no-human", "no");
    });
    // (at most 8 escalations are resolved at once; more are denied at once, fail closed)
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<GuardedCallResult>> yeses = new ArrayList<>();
      List<CompletableFuture<GuardedCallResult>> nos = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        yeses.add(CompletableFuture.supplyAsync(() -> call(yes, "s.wipe", Map.of("who", "yes")), pool));
        nos.add(CompletableFuture.supplyAsync(() -> call(no, "s.wipe", Map.of("who", "no")), pool));
      }
      for (int i = 0; i < 20; i++) {
        GuardedCallResult y = yeses.get(i).get(30, TimeUnit.SECONDS);
        assertThat(y.status()).as(String.valueOf(y.error())).isEqualTo(CallStatus.EXECUTED);
        assertThat(nos.get(i).get(30, TimeUnit.SECONDS).status()).isEqualTo(CallStatus.ESCALATION_DENIED);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wrongSession.get()).isZero();
    assertThat(runs.get()).isEqualTo(20);
  }

  @Test
  void anApprovalOfOtherParametersOrThroughAnUntrustedChannelIsRejected() {
    CallGuard.Session forger = session(req -> new EscalationResolution(true, "forger", Provenance.USER_TRUSTED,
        "0".repeat(64), "approves something else"));
    assertThat(call(forger, "s.wipe", Map.of("x", "1")).status()).isEqualTo(CallStatus.ESCALATION_DENIED);
    CallGuard.Session model = session(req -> EscalationResolution.approve(req, "the model",
        Provenance.EXTERNAL_UNTRUSTED));
    assertThat(call(model, "s.wipe", Map.of("x", "1")).status()).isEqualTo(CallStatus.ESCALATION_DENIED);
    assertThat(runs.get()).isZero();
  }

  @Test
  void registeringAToolTwiceOrOfAnotherTenantIsRefused() {
    assertThatThrownBy(() -> guard.register(new GuardedTool("s.read", "s.read", p -> "x", RiskLevel.LOW, null, "")))
        .isInstanceOf(io.ape.api.ApeConfigurationException.class);
    assertThatThrownBy(() -> guard.openSession(new SessionRequest("u", "other", Duration.ofHours(1), null, Map.of())))
        .isInstanceOf(io.ape.api.TenantMismatchException.class);
  }

  @Test
  void anExpiredSessionIsRefused() throws Exception {
    guard.close();
    MutableClock clock = new MutableClock();
    Path policy = dir.resolve("p.yaml");
    guard = OrchestratorCallGuard.builder().policyFile(policy).auditSink(audit).clock(clock).build();
    guard.register(new GuardedTool("s.read", "s.read", p -> "ok", RiskLevel.LOW, null, ""));
    CallGuard.Session s = guard.openSession(new SessionRequest("u", "default", Duration.ofMinutes(5), null, Map.of()));
    assertThat(call(s, "s.read", Map.of()).status()).isEqualTo(CallStatus.EXECUTED);
    clock.advance(Duration.ofMinutes(6));
    assertThat(s.isActive()).isFalse();
    assertThat(call(s, "s.read", Map.of()).status()).isEqualTo(CallStatus.INVALID);
    assertThat(audit.events(AuditEventType.SESSION_ENDED)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("expired"));
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends java.time.Clock {
    private volatile java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }
}
