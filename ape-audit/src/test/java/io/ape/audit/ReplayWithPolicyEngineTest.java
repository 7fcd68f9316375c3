package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.core.policy.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay as `ape audit replay` will do it: a log of real decisions against a YAML policy. */
class ReplayWithPolicyEngineTest {
  @TempDir Path dir;

  @Test
  void replayAgainstAStricterPolicyListsExactlyTheChangedDecisions() throws Exception {
    Path oldPolicy = dir.resolve("old.yaml");
    Files.writeString(oldPolicy, "name: old\nversion: \"1\"\ndefault_deny: true\n"
        + "allowed_actions: [read_file, write_file]\nforbidden_actions: [delete_file]\n");
    Path newPolicy = dir.resolve("new.yaml");
    Files.writeString(newPolicy, "name: new\nversion: \"2\"\ndefault_deny: true\n"
        + "allowed_actions: [read_file]\nforbidden_actions: [delete_file, write_file]\n");
    Path log = dir.resolve("audit.jsonl");
    try (PolicyEngine engine = PolicyEngine.fromFile(oldPolicy);
        JsonlAuditSink sink = JsonlAuditSink.builder(log).build()) {
      long seq = 0;
      for (String action : List.of("read_file", "write_file", "delete_file", "fetch_url",
          "write_file")) {
        Decision d = engine.evaluate(action, Map.of("path", "/tmp/" + action));
        sink.record(AuditEvent.builder(AuditEventType.DECISION, Instant.now())
            .tenant("default").decision(d).parameters(Map.of("path", "/tmp/" + action))
            .detail("parameters_provenance", "USER_TRUSTED").build().withSequence(++seq));
      }
    }
    List<Path> files = JsonlAuditSink.files(log);
    try (PolicyEngine stricter = PolicyEngine.fromFile(newPolicy)) {
      ReplayResult r = AuditReplayer.replay(files, stricter);
      assertThat(r.replayed()).isEqualTo(5);
      assertThat(r.changes()).extracting(ChangedDecision::actionId)
          .containsExactly("write_file", "write_file");
      assertThat(r.changes()).allMatch(c -> c.before() == Outcome.ALLOW
          && c.after() == Outcome.DENY);
      assertThat(r.policyVersion()).isEqualTo(stricter.policyVersion());
    }
    try (PolicyEngine same = PolicyEngine.fromFile(oldPolicy)) {
      assertThat(AuditReplayer.replay(files, same).changed()).isFalse();
    }
  }
}
