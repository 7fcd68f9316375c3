package io.ape.cli;

import static io.ape.cli.FakePolicies.condition;
import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.AuditSettings;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitScope;
import io.ape.api.RateLimitSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff compares every section, not only the allowed list. */
class DiffCommandTest {
  @TempDir
  Path dir;
  Path a;
  Path b;
  Path same;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    a = Files.writeString(dir.resolve("a.yaml"), "a");
    b = Files.writeString(dir.resolve("b.yaml"), "b");
    same = Files.writeString(dir.resolve("same.yaml"), "a");
    Policy pa = policy(a).name("old").allowed("read_file", "list_directory").forbidden("rm_rf")
        .escalation("send_email")
        .rule("w1", "write_file", Outcome.ALLOW, condition("path", "prefix", "/tmp/"))
        .rule("w2", "write_file", Outcome.DENY, condition("path", "prefix", "/tmp/secret"))
        .rule("gone", "http_get", Outcome.ALLOW)
        .transitions(Map.of("read_file", List.of("write_file")))
        .metadata(Map.of("owner", "a-team", "tier", 1)).redact("password")
        .build();
    Policy pb = policy(b).name("new").allowed("read_file", "http_get").forbidden("rm_rf", "format_disk")
        .defaultDecision(Outcome.ESCALATE)
        .rule("w2", "write_file", Outcome.DENY, condition("path", "prefix", "/tmp/secret"))
        .rule("w1", "write_file", Outcome.ESCALATE, condition("path", "path_within", "/tmp"))
        .rule("fresh", "delete_file", Outcome.ESCALATE)
        .transitions(Map.of("read_file", List.of("write_file", "delete_file"),
            "list_directory", List.of()))
        .metadata(Map.of("owner", "b-team", "region", "eu")).redact("password", "token")
        .sha("cd".repeat(32))
        .build();
    pb = new Policy(pb.name(), pb.declaredVersion(), pb.description(), pb.defaultDecision(),
        pb.allowedActions(), pb.forbiddenActions(), pb.escalationRequired(), pb.rules(),
        pb.toolTransitions(), pb.metadata(), new AuditSettings(List.of("password", "token")),
        new RateLimitSettings(List.of(new RateLimit(RateLimitScope.ACTION, "write_file",
            Duration.ofMinutes(1), 5)), 3.0), pb.source());
    fake = new FakePolicies().with(a, pa).with(b, pb).with(same, pa);
  }

  @Test
  void everySectionIsCompared() {
    JsonNode d = CliRun.run(fake, "diff", a.toString(), b.toString(), "--json")
        .exits(ExitCode.OK).json();
    assertThat(d.get("identical").asBoolean()).isFalse();
    assertThat(d.get("header").get("name").get("after").asText()).isEqualTo("new");
    assertThat(d.get("default_decision").get("before").asText()).isEqualTo("deny");
    assertThat(d.get("default_decision").get("after").asText()).isEqualTo("escalate");
    assertThat(texts(d.get("allowed_actions").get("added"))).containsExactly("http_get");
    assertThat(texts(d.get("allowed_actions").get("removed"))).containsExactly("list_directory");
    assertThat(texts(d.get("forbidden_actions").get("added"))).containsExactly("format_disk");
    assertThat(texts(d.get("escalation_required").get("removed"))).containsExactly("send_email");
    assertThat(texts(d.get("rules").get("added"))).containsExactly("fresh");
    assertThat(texts(d.get("rules").get("removed"))).containsExactly("gone");
    JsonNode changed = d.get("rules").get("changed").get(0);
    assertThat(changed.get("id").asText()).isEqualTo("w1");
    assertThat(texts(changed.get("changes"))).contains("decision: allow -> escalate",
        "condition removed: path prefix \"/tmp/\"", "condition added: path path_within \"/tmp\"");
    assertThat(texts(d.get("rules").get("reordered_actions"))).containsExactly("write_file");
    assertThat(d.get("tool_transitions")).hasSize(2);
    assertThat(d.get("tool_transitions").get(1).get("before").isNull()).isTrue();
    assertThat(d.get("tool_transitions").get(1).get("after")).isEmpty();
    assertThat(texts(d.get("rate_limits").get("added"))).containsExactly("action write_file: 5 per 60s");
    assertThat(d.get("rate_limits").get("max_cumulative_risk").get("after").asDouble()).isEqualTo(3.0);
    assertThat(texts(d.get("audit").get("redact").get("added"))).containsExactly("token");
    assertThat(texts(d.get("metadata").get("added"))).containsExactly("region");
    assertThat(texts(d.get("metadata").get("removed"))).containsExactly("tier");
    assertThat(texts(d.get("metadata").get("changed"))).containsExactly("owner");
  }

  @Test
  void textOutputShowsEachSection() {
    CliRun.Result r = CliRun.run(fake, "diff", a.toString(), b.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("--- " + a, "+++ " + b, "default_decision: deny -> escalate",
        "allowed_actions", "  + http_get", "  - list_directory", "rules", "  + fresh",
        "  - gone", "  ~ w1", "rules for write_file are in a different order",
        "tool_transitions", "list_directory: (any tool) -> (no tool)", "rate_limits",
        "audit.redact", "  + token", "metadata");
  }

  @Test
  void identicalPoliciesSaySo() {
    CliRun.Result r = CliRun.run(fake, "diff", a.toString(), same.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("The files are identical.");
    JsonNode d = CliRun.run(fake, "diff", a.toString(), same.toString(), "--json").json();
    assertThat(d.get("identical").asBoolean()).isTrue();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
