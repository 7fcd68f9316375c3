package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionRequest;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reader (show), statistics and replay over a small log. */
class AuditToolsTest {
  private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;
  private Path log;

  @BeforeEach
  void writeLog() {
    log = dir.resolve("audit.jsonl");
    AtomicLong seq = new AtomicLong();
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).maxFileBytes(1200).build()) {
      sink.record(at(seq, AuditEventType.SESSION_STARTED, 0, "s-1", "", null, ""));
      sink.record(at(seq, AuditEventType.DECISION, 1, "s-1", "fs.read", Outcome.ALLOW, "read"));
      sink.record(at(seq, AuditEventType.DECISION, 2, "s-1", "fs.write", Outcome.DENY,
          "no-write"));
      sink.record(at(seq, AuditEventType.DECISION, 61, "s-2", "fs.write", Outcome.DENY,
          "no-write"));
      sink.record(at(seq, AuditEventType.DECISION, 62, "s-2", "net.fetch", Outcome.ESCALATE,
          ""));
      sink.record(at(seq, AuditEventType.TOOL_EXECUTION_STARTED, 63, "s-2", "fs.read", null,
          ""));
      sink.record(at(seq, AuditEventType.DECISION, 130, "s-2", "fs.read", Outcome.ALLOW,
          "read"));
    }
  }

  private static AuditEvent at(AtomicLong seq, AuditEventType type, int minute, String session,
      String action, Outcome outcome, String rule) {
    AuditEvent.Builder b = AuditEvent.builder(type, T.plus(Duration.ofMinutes(minute)))
        .tenant("acme").session(session).action(action).rule(rule)
        .parameters(action.isEmpty() ? Map.of() : Map.of("path", "/data/" + action));
    if (outcome != null) {
      b.decision(outcome).reason(outcome + " by " + (rule.isEmpty() ? "default" : rule));
    }
    if (action.equals("fs.write")) {
      b.detail(AuditReplayer.PROVENANCE_DETAIL, "USER_TRUSTED");
    }
    return b.build().withSequence(seq.incrementAndGet());
  }

  private List<Path> files() {
    return JsonlAuditSink.files(log);
  }

  @Test
  void readerFiltersBySessionActionDecisionAndTime() {
    AuditReader reader = AuditReader.withDefaults();
    assertThat(files().size()).isGreaterThan(1);
    assertThat(reader.read(files(), AuditQuery.all()).records()).hasSize(7);
    assertThat(reader.read(files(), AuditQuery.all().withSession("s-2")).records()).hasSize(4);
    assertThat(reader.read(files(), AuditQuery.all().withAction("fs.write")).records())
        .extracting(r -> r.event().sessionId()).containsExactly("s-1", "s-2");
    AuditReadResult denied = reader.read(files(), AuditQuery.all().withDecision(Outcome.DENY));
    assertThat(denied.records()).extracting(AuditRecord::recordNo).containsExactly(3L, 4L);
    assertThat(denied.scanned()).isEqualTo(7);
    assertThat(reader.read(files(), AuditQuery.all().withSince(T.plus(Duration.ofMinutes(62))))
        .records()).hasSize(3);
    assertThat(reader.read(files(), AuditQuery.all().withType(AuditEventType.DECISION)
        .withUntil(T.plus(Duration.ofMinutes(61)))).records()).hasSize(2);
  }

  @Test
  void readerOutputIsPrintableAsTextAndJson() {
    AuditReadResult r = AuditReader.withDefaults()
        .read(files(), AuditQuery.all().withDecision(Outcome.DENY));
    assertThat(r.toText()).contains("#3 2025-03-01T10:02:00Z DECISION")
        .contains("action=fs.write").contains("decision=DENY").contains("rule=no-write");
    List<String> raw = new ArrayList<>();
    for (Path f : files()) {
      raw.addAll(LogFiles.lines(f));
    }
    // The JSON form of a record is the very line in the log.
    assertThat(r.toJsonLines().split("\n")).containsExactly(raw.get(2), raw.get(3));
  }

  @Test
  void readerSkipsAndReportsATornTailButRejectsGarbage() throws Exception {
    List<Path> files = files();
    Path last = files.get(files.size() - 1);
    Files.writeString(last, "{\"v\":1,\"seq", StandardOpenOption.APPEND);
    AuditReadResult r = AuditReader.withDefaults().read(files, AuditQuery.all());
    assertThat(r.records()).hasSize(7);
    assertThat(r.tornTail()).isPresent();
    assertThat(r.toText()).contains("torn");
    Files.writeString(last, "\nnot json\n", StandardOpenOption.APPEND);
    assertThatThrownBy(() -> AuditReader.withDefaults().read(files, AuditQuery.all()))
        .isInstanceOf(AuditException.class).hasMessageContaining("not a valid audit record");
    assertThatThrownBy(() -> AuditReader.withDefaults()
        .read(List.of(dir.resolve("missing")), AuditQuery.all()))
        .isInstanceOf(AuditException.class).hasMessageContaining("does not exist");
  }

  @Test
  void statsCountDecisionsActionsRulesAndDenialsOverTime() {
    AuditStatistics s = AuditStats.of(files(), Duration.ofHours(1));
    assertThat(s.records()).isEqualTo(7);
    assertThat(s.decisions()).isEqualTo(5);
    assertThat(s.byDecision()).containsExactly(Map.entry(Outcome.ALLOW, 2L),
        Map.entry(Outcome.DENY, 2L), Map.entry(Outcome.ESCALATE, 1L));
    assertThat(s.byAction()).containsEntry("fs.read", 2L).containsEntry("fs.write", 2L)
        .containsEntry("net.fetch", 1L);
    assertThat(s.byRule()).containsExactly(Map.entry("no-write", 2L), Map.entry("read", 2L));
    assertThat(s.deniedByAction()).containsExactly(Map.entry("fs.write", 2L));
    assertThat(s.denialsOverTime()).containsExactly(Map.entry(T, 1L),
        Map.entry(T.plus(Duration.ofHours(1)), 1L));
    assertThat(s.byType()).containsEntry(AuditEventType.DECISION, 5L)
        .containsEntry(AuditEventType.SESSION_STARTED, 1L);
    assertThat(s.first()).contains(T);
    assertThat(s.last()).contains(T.plus(Duration.ofMinutes(130)));
    assertThat(s.toText()).contains("policy decisions (DECISION events) by outcome:")
        .contains("DENY: 2");
    assertThat(s.toJson()).contains("\"byDecision\":{\"ALLOW\":2,\"DENY\":2,\"ESCALATE\":1}")
        .contains("\"denialsOverTime\":{\"2025-03-01T10:00:00Z\":1,\"2025-03-01T11:00:00Z\":1}");
    assertThatThrownBy(() -> AuditStats.of(files(), Duration.ZERO))
        .isInstanceOf(io.ape.api.ApeConfigurationException.class);
  }

  @Test
  void replayReportsExactlyTheDecisionsThatChange() {
    // The new policy allows fs.write only with trusted parameters and denies net.fetch.
    List<ActionRequest> seen = new ArrayList<>();
    PolicyDecisionPoint newPolicy = pdp(req -> {
      seen.add(req);
      switch (req.actionId()) {
        case "fs.read":
          return allow(req, "read");
        case "fs.write":
          return req.context().parameterProvenance() == Provenance.USER_TRUSTED
              ? allow(req, "write-trusted") : deny(req, "no-write");
        default:
          return deny(req, "no-net");
      }
    });
    ReplayResult r = AuditReplayer.replay(files(), newPolicy);
    assertThat(r.replayed()).isEqualTo(5);
    assertThat(r.unchanged()).isEqualTo(2);
    assertThat(r.changed()).isTrue();
    assertThat(r.changes()).extracting(ChangedDecision::actionId)
        .containsExactly("fs.write", "fs.write", "net.fetch");
    ChangedDecision first = r.changes().get(0);
    assertThat(first.before()).isEqualTo(Outcome.DENY);
    assertThat(first.after()).isEqualTo(Outcome.ALLOW);
    assertThat(first.ruleBefore()).isEqualTo("no-write");
    assertThat(first.ruleAfter()).isEqualTo("write-trusted");
    assertThat(first.location().recordNo()).isEqualTo(3);
    assertThat(first.parameters()).containsEntry("path", "/data/fs.write");
    // Requests are rebuilt from the records: tenant, session, parameters and provenance.
    assertThat(seen).allMatch(q -> q.context().tenantId().equals("acme"));
    assertThat(seen.get(0).context().parameterProvenance())
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(r.toText()).contains("5 decision(s) replayed").contains("3 changed");
    assertThat(r.toJson()).contains("\"changed\":true").contains("\"before\":\"DENY\"");

    PolicyDecisionPoint same = pdp(req -> {
      switch (req.actionId()) {
        case "fs.read":
          return allow(req, "read");
        case "net.fetch":
          return new Decision(Outcome.ESCALATE, req.actionId(), "ask", null, List.of(), "v2",
              DecisionSource.ESCALATION_LIST);
        default:
          return deny(req, "no-write");
      }
    });
    ReplayResult none = AuditReplayer.replay(files(), same);
    assertThat(none.changed()).isFalse();
    assertThat(none.unchanged()).isEqualTo(5);
  }

  @Test
  void aFailingDecisionPointCountsAsDeny() {
    PolicyDecisionPoint broken = pdp(req -> {
      throw new IllegalStateException("boom");
    });
    ReplayResult r = AuditReplayer.replay(files(), broken);
    assertThat(r.changes()).extracting(ChangedDecision::after)
        .containsOnly(Outcome.DENY);
    assertThat(r.changes()).hasSize(3);
    assertThat(r.changes().get(0).reasonAfter()).contains("boom");
  }

  private static Decision allow(ActionRequest r, String rule) {
    return new Decision(Outcome.ALLOW, r.actionId(), "ok", rule, List.of(), "v2",
        DecisionSource.RULE);
  }

  private static Decision deny(ActionRequest r, String rule) {
    return new Decision(Outcome.DENY, r.actionId(), "no", rule, List.of(), "v2",
        DecisionSource.RULE);
  }

  private static PolicyDecisionPoint pdp(java.util.function.Function<ActionRequest, Decision> f) {
    return new PolicyDecisionPoint() {
      @Override
      public Decision evaluate(ActionRequest request) {
        return f.apply(request);
      }

      @Override
      public String policyVersion() {
        return "v2";
      }

      @Override
      public boolean isTransitionAllowed(String fromTool, String toTool) {
        return true;
      }
    };
  }
}
