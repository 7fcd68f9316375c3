package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ape audit stats} counts what {@code ape audit show --decision} finds: a refusal that is
 * not a policy decision (a rejected attempt, as the demo's refused prompt is) is a denial too.
 */
class AuditStatsAgreesWithShowTest {
  private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;

  private static AuditEvent event(AtomicLong seq, AuditEventType type, String action,
      Outcome decision, int minute) {
    AuditEvent.Builder b = AuditEvent.builder(type, T.plus(Duration.ofMinutes(minute)))
        .tenant("default").session("s-1").action(action);
    if (decision != null) {
      b.decision(decision).reason(type + " " + decision);
    }
    return b.build().withSequence(seq.incrementAndGet());
  }

  @Test
  void aRejectedAttemptIsADenialInTheStatistics() {
    Path log = dir.resolve("audit.jsonl");
    AtomicLong seq = new AtomicLong();
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log).build()) {
      sink.record(event(seq, AuditEventType.INTENT_SET, "", null, 0));
      sink.record(event(seq, AuditEventType.DECISION, "read_file", Outcome.ALLOW, 0));
      sink.record(event(seq, AuditEventType.TOKEN_ISSUED, "read_file", Outcome.ALLOW, 0));
      sink.record(event(seq, AuditEventType.TOOL_EXECUTION_FINISHED, "read_file", null, 0));
      sink.record(event(seq, AuditEventType.ATTEMPT_REJECTED, "delete_file", Outcome.DENY, 1));
    }
    List<Path> files = JsonlAuditSink.files(log);

    AuditStatistics stats = AuditStats.of(files, Duration.ofHours(1));

    assertThat(stats.deniedByAction()).containsExactly(Map.entry("delete_file", 1L));
    assertThat(stats.denialsOverTime()).containsExactly(Map.entry(T, 1L));
    assertThat(stats.recordsByDecision()).containsExactly(Map.entry(Outcome.ALLOW, 2L),
        Map.entry(Outcome.DENY, 1L));
    assertThat(stats.byDecision()).containsExactly(Map.entry(Outcome.ALLOW, 1L));
    assertThat(stats.toText()).contains("denials (records with decision DENY) by action:\n"
        + "  delete_file: 1").doesNotContain("denials by action: none");
    assertThat(stats.toJson()).contains("\"deniedByAction\":{\"delete_file\":1}",
        "\"recordsByDecision\":{\"ALLOW\":2,\"DENY\":1}");
    assertAgreesWithTheReader(files, stats);
  }

  /** Property: for any log, stats and the reader's decision filter count the same records. */
  @Property(tries = 60)
  void statisticsAndTheDecisionFilterAlwaysAgree(
      @ForAll("events") List<Ev> events) throws Exception {
    Path tmp = java.nio.file.Files.createTempDirectory("ape-stats");
    try {
      Path log = tmp.resolve("audit.jsonl");
      AtomicLong seq = new AtomicLong();
      try (JsonlAuditSink sink = JsonlAuditSink.builder(log).build()) {
        int minute = 0;
        for (Ev e : events) {
          sink.record(event(seq, e.type(), "act_" + (minute % 3), e.decision(), minute++));
        }
      }
      List<Path> files = JsonlAuditSink.files(log);
      assertAgreesWithTheReader(files, AuditStats.of(files, Duration.ofMinutes(7)));
    } finally {
      try (var paths = java.nio.file.Files.walk(tmp)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One generated event: its type and its decision (or none). */
  record Ev(AuditEventType type, Outcome decision) {}

  @Provide
  Arbitrary<List<Ev>> events() {
    Arbitrary<AuditEventType> types = Arbitraries.of(AuditEventType.DECISION,
        AuditEventType.ATTEMPT_REJECTED, AuditEventType.TOKEN_ISSUED,
        AuditEventType.ESCALATION_REQUESTED, AuditEventType.STATE_TRANSITION);
    Arbitrary<Outcome> outcomes = Arbitraries.of(Outcome.ALLOW, Outcome.DENY, Outcome.ESCALATE)
        .injectNull(0.3);
    return Combinators.combine(types, outcomes).as(Ev::new).list().ofMaxSize(25);
  }

  private static void assertAgreesWithTheReader(List<Path> files, AuditStatistics stats) {
    for (Outcome o : Outcome.values()) {
      long shown = AuditReader.withDefaults().read(files, AuditQuery.all().withDecision(o))
          .records().size();
      assertThat(stats.recordsByDecision().getOrDefault(o, 0L)).as(o.toString()).isEqualTo(shown);
    }
    long denials = AuditReader.withDefaults()
        .read(files, AuditQuery.all().withDecision(Outcome.DENY)).records().size();
    assertThat(stats.deniedByAction().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(denials);
    assertThat(stats.denialsOverTime().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(denials);
  }
}
