package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The policies shipped in {@code policies/}, loaded through the real YAML parser and exercised. */
class BundledPoliciesTest {
  /** The Python original's 18 standard actions and their risk levels. */
  static final Map<String, RiskLevel> STANDARD_ACTIONS = standardActions();

  private static Map<String, RiskLevel> standardActions() {
    Map<String, RiskLevel> m = new LinkedHashMap<>();
    m.put("read_file", RiskLevel.MINIMAL);
    m.put("list_directory", RiskLevel.MINIMAL);
    m.put("search_files", RiskLevel.LOW);
    m.put("write_file", RiskLevel.MODERATE);
    m.put("append_file", RiskLevel.LOW);
    m.put("create_directory", RiskLevel.LOW);
    m.put("delete_file", RiskLevel.HIGH);
    m.put("delete_directory", RiskLevel.CRITICAL);
    m.put("http_get", RiskLevel.LOW);
    m.put("http_post", RiskLevel.MODERATE);
    m.put("query_data", RiskLevel.LOW);
    m.put("insert_data", RiskLevel.MODERATE);
    m.put("update_data", RiskLevel.MODERATE);
    m.put("delete_data", RiskLevel.HIGH);
    m.put("send_email", RiskLevel.MODERATE);
    m.put("send_notification", RiskLevel.LOW);
    m.put("execute_code", RiskLevel.HIGH);
    m.put("run_shell_command", RiskLevel.CRITICAL);
    return Map.copyOf(m);
  }

  static PolicyEngine load(String name) {
    return PolicyEngine.builder().policyFile(RepoFiles.find("policies/" + name))
        .actionRisk(STANDARD_ACTIONS::get).build();
  }

  private static Outcome eval(PolicyEngine engine, String action, Object... keyValues) {
    return decide(engine, action, keyValues).outcome();
  }

  private static Decision decide(PolicyEngine engine, String action, Object... keyValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], keyValues[i + 1]);
    }
    return engine.evaluate(ActionRequest.of(action, params, RequestContext.untrusted()));
  }

  @Test
  void everyBundledPolicyLoadsCleanlyDeniesByDefaultAndUsesOnlyStandardActionIds() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepoFiles.find("policies"))) {
      files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> names.add(f.getFileName().toString()));
    }
    assertThat(names).containsExactlyInAnyOrder("minimal_safe.yaml", "read_only.yaml",
        "development.yaml", "filesystem_scoped.yaml", "human_in_loop.yaml");
    for (String name : names) {
      PolicyEngine engine = load(name);
      Policy p = engine.policy();
      assertThat(engine.warnings()).as(name).isEmpty();
      assertThat(p.isDefaultAllow()).as(name).isFalse();
      List<String> ids = new ArrayList<>(p.allowedActions());
      ids.addAll(p.forbiddenActions());
      ids.addAll(p.escalationRequired());
      ids.addAll(engine.ruleActions());
      p.toolTransitions().forEach((from, to) -> {
        ids.add(from);
        ids.addAll(to);
      });
      assertThat(ids).as(name).isNotEmpty().allSatisfy(id -> assertThat(STANDARD_ACTIONS).containsKey(id));
      assertThat(engine.evaluate("some_unknown_action").outcome()).as(name).isEqualTo(Outcome.DENY);
      assertThat(engine.evaluate("read_file").outcome()).as(name + ": no path, no read")
          .isEqualTo(Outcome.DENY);
    }
  }

  @Nested
  class MinimalSafe {
    private final PolicyEngine engine = load("minimal_safe.yaml");

    @Test
    void readsOnlyInsideTheWorkspaceAndNeverSecrets() {
      assertThat(eval(engine, "read_file", "path", "/workspace/src/app.py")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "read_file", "path", "/workspace/../etc/passwd")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "read_file", "path", "/workspacefoo/a")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "read_file", "path", "/workspace/.env")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "read_file", "path", "/workspace/certs/server.key")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "read_file", "path", "/workspace/.git/config")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "list_directory", "path", "/workspace/src")).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void searchNeedsAnExplicitDirectoryAndAContainedPattern() {
      assertThat(eval(engine, "search_files", "pattern", "*.py", "directory", "/workspace"))
          .isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "search_files", "pattern", "*.py")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "search_files", "pattern", "../../*", "directory", "/workspace"))
          .isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "search_files", "pattern", "/etc/*", "directory", "/workspace"))
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void queriesAreSingleSelects() {
      assertThat(eval(engine, "query_data", "query", "SELECT name FROM users WHERE id = ?"))
          .isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "query_data", "query", "select 1; drop table users")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "query_data", "query", "DELETE FROM users")).isEqualTo(Outcome.DENY);
    }

    @Test
    void writesInTheWorkspaceEscalateAndEverythingElseIsDenied() {
      assertThat(eval(engine, "write_file", "path", "/workspace/a.txt", "content", "x"))
          .isEqualTo(Outcome.ESCALATE);
      assertThat(eval(engine, "write_file", "path", "/etc/cron.d/x", "content", "x"))
          .isEqualTo(Outcome.DENY);
      for (String id : List.of("delete_file", "run_shell_command", "execute_code", "http_get",
          "http_post", "send_email")) {
        assertThat(eval(engine, id, "path", "/workspace/a")).as(id).isEqualTo(Outcome.DENY);
      }
      assertThat(decide(engine, "run_shell_command").source()).isEqualTo(DecisionSource.FORBIDDEN_LIST);
    }
  }

  @Nested
  class ReadOnly {
    private final PolicyEngine engine = load("read_only.yaml");

    @Test
    void fetchesOnlyOverHttpsFromTheListedHosts() {
      assertThat(eval(engine, "http_get", "url", "https://api.github.com/repos/x/y")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_get", "url", "https://user@api.github.com:443/")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_get", "url", "https://EN.Wikipedia.org/wiki/APE")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_get", "url", "http://api.github.com/")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get", "url", "https://api.github.com.evil.com/")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get", "url", "https://evil.com#@api.github.com/")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get", "url", "https://api.github.com@evil.com/")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get", "url", "https://wikipedia.org/")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get")).isEqualTo(Outcome.DENY);
    }

    @Test
    void everyStandardWritingActionIsForbidden() {
      for (String id : List.of("write_file", "append_file", "create_directory", "delete_file",
          "delete_directory", "http_post", "insert_data", "update_data", "delete_data",
          "send_email", "send_notification", "execute_code", "run_shell_command")) {
        Decision d = decide(engine, id, "path", "/workspace/a");
        assertThat(d.outcome()).as(id).isEqualTo(Outcome.DENY);
        assertThat(d.source()).as(id).isEqualTo(DecisionSource.FORBIDDEN_LIST);
      }
    }

    @Test
    void readsAndSelectsWork() {
      assertThat(eval(engine, "read_file", "path", "/workspace/README.md")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "query_data", "query", "SELECT 1")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "query_data", "query", "UPDATE t SET a = 1")).isEqualTo(Outcome.DENY);
    }
  }

  @Nested
  class FilesystemScoped {
    private final PolicyEngine engine = load("filesystem_scoped.yaml");

    @Test
    void writesStayInsideTheScope() {
      assertThat(eval(engine, "write_file", "path", "/workspace/out/report.md", "content", "# r"))
          .isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "write_file", "path", "/tmp/scratch", "content", "")).isEqualTo(Outcome.ALLOW);
      Decision etc = decide(engine, "write_file", "path", "/etc/passwd", "content", "root::0:0");
      assertThat(etc.outcome()).isEqualTo(Outcome.DENY);
      assertThat(etc.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
      assertThat(etc.reason()).contains("is not within any of ['/workspace', '/tmp']");
      assertThat(eval(engine, "write_file", "path", "/workspace/../etc/passwd", "content", "x"))
          .isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "write_file", "path", "/workspace/a")).as("content is required")
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void versionControlInternalsAreNeverWritten() {
      Decision d = decide(engine, "write_file", "path", "/workspace/.git/hooks/pre-commit", "content", "x");
      assertThat(d.outcome()).isEqualTo(Outcome.DENY);
      assertThat(d.matchedRule()).isEqualTo("no-vcs-writes");
      Decision sneaky = decide(engine, "write_file", "path", "/workspace/src/../.git/config",
          "content", "x");
      assertThat(sneaky.outcome()).as("'..' cannot slip past the deny rule").isEqualTo(Outcome.DENY);
      assertThat(sneaky.matchedRule()).isEqualTo("no-vcs-writes");
    }

    @Test
    void deletesEscalateInsideAndAreDeniedOutside() {
      assertThat(eval(engine, "delete_file", "path", "/workspace/old.txt")).isEqualTo(Outcome.ESCALATE);
      assertThat(eval(engine, "delete_file", "path", "/tmp/old.txt")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "delete_directory", "path", "/")).isEqualTo(Outcome.DENY);
    }

    @Test
    void networkAndExecutionAreForbiddenAndTransitionsAreConstrained() {
      assertThat(decide(engine, "http_get", "url", "https://api.github.com").source())
          .isEqualTo(DecisionSource.FORBIDDEN_LIST);
      assertThat(engine.isTransitionAllowed("read_file", "write_file")).isTrue();
      assertThat(engine.isTransitionAllowed("read_file", "http_post")).isFalse();
      assertThat(engine.isTransitionAllowed("list_directory", "write_file")).isFalse();
    }
  }

  @Nested
  class HumanInLoop {
    private final PolicyEngine engine = load("human_in_loop.yaml");

    @Test
    void everythingThatChangesOrLeavesTheMachineEscalates() {
      for (String id : List.of("write_file", "append_file", "create_directory", "delete_file",
          "http_get", "http_post", "insert_data", "update_data", "send_email",
          "send_notification", "execute_code")) {
        assertThat(eval(engine, id)).as(id).isEqualTo(Outcome.ESCALATE);
      }
      assertThat(eval(engine, "query_data", "query", "SELECT 1")).isEqualTo(Outcome.ESCALATE);
      assertThat(eval(engine, "query_data", "query", "DROP TABLE t")).isEqualTo(Outcome.DENY);
    }

    @Test
    void readsInTheWorkspaceRunAndDestructiveActionsAreForbidden() {
      assertThat(eval(engine, "read_file", "path", "/workspace/a.txt")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "read_file", "path", "/etc/shadow")).isEqualTo(Outcome.DENY);
      for (String id : List.of("delete_directory", "delete_data", "run_shell_command")) {
        assertThat(decide(engine, id).source()).as(id).isEqualTo(DecisionSource.FORBIDDEN_LIST);
      }
    }
  }

  @Nested
  class Development {
    private final PolicyEngine engine = load("development.yaml");

    @Test
    void isBroadButStillDeniesWhatItDoesNotName() {
      assertThat(eval(engine, "write_file", "path", "/tmp/x", "content", "x")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "read_file", "path", "/home/dev/notes.md")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "read_file", "path", "/home/dev/.ssh/id_ed25519")).isEqualTo(Outcome.DENY);
      assertThat(eval(engine, "http_get", "url", "https://example.com/")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_get", "url", "file:///etc/passwd")).isEqualTo(Outcome.DENY);
      Decision unknown = decide(engine, "format_disk");
      assertThat(unknown.outcome()).isEqualTo(Outcome.DENY);
      assertThat(unknown.isDefaultAllow()).isFalse();
    }

    @Test
    void thePythonOriginalsSilentAllowsAreGone() {
      // The Python development.yaml ALLOWED these three by default (WEAK-27).
      assertThat(decide(engine, "delete_data").source()).isEqualTo(DecisionSource.FORBIDDEN_LIST);
      assertThat(eval(engine, "run_shell_command", "command", "rm -rf /")).isEqualTo(Outcome.ESCALATE);
      assertThat(eval(engine, "execute_code", "language", "python", "code", "print(1)"))
          .as("untrusted code").isEqualTo(Outcome.DENY);
    }

    @Test
    void codeTheUserWroteRuns() {
      Map<String, Object> params = Map.of("language", "python", "code", "print(1)");
      assertThat(engine.evaluate(ActionRequest.of("execute_code", params, RequestContext.userTrusted()))
          .outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(engine.evaluate(ActionRequest.of("execute_code",
          Map.of("language", "bash", "code", "ls"), RequestContext.userTrusted())).outcome())
          .isEqualTo(Outcome.DENY);
    }

    @Test
    void postsGoToDevHostsFreelyAndElsewhereWithApproval() {
      assertThat(eval(engine, "http_post", "url", "http://localhost:8080/api")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_post", "url", "https://svc.internal/hook")).isEqualTo(Outcome.ALLOW);
      assertThat(eval(engine, "http_post", "url", "https://example.com/hook")).isEqualTo(Outcome.ESCALATE);
      assertThat(eval(engine, "http_post", "url", "http://example.com/hook")).isEqualTo(Outcome.DENY);
    }
  }
}
