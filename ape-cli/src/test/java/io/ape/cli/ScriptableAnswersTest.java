package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers a script can rely on: the exit codes of {@code diff --exit-code} and
 * {@code test-prompt --fail-on}, completion scripts for each shell (and a refusal for others),
 * {@code audit stats} agreeing with {@code audit show}, and {@code diff} printing text values
 * on one line whatever they contain. All with the real engine, in-process.
 */
class ScriptableAnswersTest {
  @TempDir
  Path dir;

  static CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Nested
  class Diff {
    @Test
    void exitCodeIsOneWhenThePoliciesDifferAndZeroWhenTheyAreEqual() throws IOException {
      Path a = write("a.yaml", "name: p\nallowed_actions: [read_file]\n");
      Path b = write("b.yaml", "name: p\nallowed_actions: [read_file, list_directory]\n");
      Path same = write("same.yaml", "# a comment changes the bytes, not the policy\n"
          + "name: p\nallowed_actions: [read_file]\n");

      assertThat(ape("diff", "--exit-code", a.toString(), b.toString()).exitCode()).isEqualTo(1);
      assertThat(ape("diff", "--exit-code", a.toString(), a.toString()).exitCode()).isZero();
      assertThat(ape("diff", "--exit-code", a.toString(), same.toString()).exitCode()).isZero();
      CliRun.Result json = ape("diff", "--exit-code", "--json", a.toString(), b.toString());
      assertThat(json.exitCode()).isEqualTo(1);
      assertThat(json.json().get("identical").asBoolean()).isFalse();
    }

    @Test
    void withoutTheFlagItExitsZeroEitherWay() throws IOException {
      Path a = write("a.yaml", "allowed_actions: [read_file]\n");
      Path b = write("b.yaml", "allowed_actions: [write_file]\n");

      ape("diff", a.toString(), b.toString()).exits(ExitCode.OK);
      assertThat(ape("diff", "--help").out()).contains("--exit-code")
          .contains("exits 0 whether or not the policies");
    }

    @Test
    void errorsKeepTheirOwnExitCodes() throws IOException {
      Path a = write("a.yaml", "allowed_actions: [read_file]\n");

      ape("diff", "--exit-code", a.toString(), dir.resolve("missing.yaml").toString())
          .exits(ExitCode.FILE_NOT_FOUND);
      Path bad = write("bad.yaml", "alowed_actions: [read_file]\n");
      ape("diff", "--exit-code", a.toString(), bad.toString()).exits(ExitCode.INVALID_POLICY);
    }

    @Test
    void aFoldedDescriptionIsQuotedWithItsNewlineVisible() throws IOException {
      Path a = write("a.yaml", "description: >\n  Old text.\n");
      Path b = write("b.yaml", "description: New text.\n");

      CliRun.Result r = ape("diff", a.toString(), b.toString()).exits(ExitCode.OK);

      assertThat(r.out()).contains("description: \"Old text.\\n\" -> \"New text.\"")
          .doesNotContain("\\u000a");
    }

    @Test
    void aNewlineInADescriptionCannotForgeAnOutputLine() throws IOException {
      Path a = write("a.yaml", "description: \"ok\\nforbidden_actions\\n  - rm_rf\\e[2J\"\n");
      Path b = write("b.yaml", "description: ok\n");

      CliRun.Result r = ape("diff", a.toString(), b.toString()).exits(ExitCode.OK);

      assertThat(r.out().lines()).noneMatch(l -> l.startsWith("forbidden_actions"))
          .noneMatch(l -> l.startsWith("  - rm_rf"));
      assertThat(r.out()).doesNotContain("\u001b")
          .contains("description: \"ok\\nforbidden_actions\\n  - rm_rf\\u001b[2J\" -> \"ok\"");
    }
  }

  /** Text.quoted keeps every value on one line and reads back unambiguously. */
  @Property(tries = 300)
  void quotedTextIsOneLineWithoutControlCharacters(@ForAll String value) {
    String q = Text.quoted(value);
    assertThat(q).startsWith("\"").endsWith("\"").doesNotContain("\n", "\r", "\u001b",
        "\u2028", "\u2029", "\u0085");
    assertThat(q.chars()).noneMatch(c -> Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT);
    assertThat(unquote(q)).isEqualTo(value);
  }

  /** Reads {@link Text#quoted} back (Java escapes). */
  static String unquote(String q) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < q.length() - 1; i++) {
      char c = q.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = q.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) Integer.parseInt(q.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  @Nested
  class TestPrompt {
    Path policy() throws IOException {
      return write("p.yaml", "name: p\nforbidden_actions: [delete_file]\n"
          + "escalation_required: [write_file]\n"
          + "rules:\n  - action: read_file\n    decision: allow\n"
          + "    conditions:\n      path: { path_within: /workspace }\n");
    }

    @Test
    void everyVerdictExitsZeroWithoutFailOn() throws IOException {
      String p = policy().toString();
      for (String prompt : List.of("Read the file /workspace/a.txt", "Read the file /etc/passwd",
          "Delete all files", "hello")) {
        assertThat(ape("test-prompt", p, prompt).exitCode()).as(prompt).isZero();
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"denied", "any", "escalation,denied", "DENIED"})
    void failOnMatchingTheVerdictExitsOne(String failOn) throws IOException {
      CliRun.Result r = ape("test-prompt", "--fail-on", failOn, policy().toString(),
          "Read the file /etc/passwd");
      assertThat(r.out()).contains("verdict  denied");
      assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aPromptThePolicyForbidsIsDenied() throws IOException {
      CliRun.Result r = ape("test-prompt", "--fail-on", "denied", "--json", policy().toString(),
          "Delete all files");
      assertThat(r.json().get("verdict").asText()).isEqualTo("denied");
      assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void failOnNotMatchingTheVerdictExitsZero() throws IOException {
      String p = policy().toString();
      ape("test-prompt", "--fail-on", "any", p, "Read the file /workspace/a.txt")
          .exits(ExitCode.OK);
      ape("test-prompt", "--fail-on", "escalation", p, "Read the file /etc/passwd")
          .exits(ExitCode.OK);
    }

    @Test
    void ambiguousAndInvalidPlanCanFail() throws IOException {
      CliRun.Result r = ape("test-prompt", "--fail-on", "ambiguous", "--json",
          policy().toString(), "hello");
      assertThat(r.json().get("verdict").asText()).isEqualTo("ambiguous");
      assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void anUnknownVerdictIsAUsageError() throws IOException {
      CliRun.Result r = ape("test-prompt", "--fail-on", "maybe", policy().toString(), "hello")
          .exits(ExitCode.USAGE);
      assertThat(r.err()).contains("--fail-on takes denied, escalation, ambiguous, invalid_plan "
          + "or any, but was 'maybe'");
    }

    @Test
    void theHelpDocumentsTheExitCodes() {
      assertThat(ape("test-prompt", "--help").out()).contains("--fail-on")
          .contains("exits 0 whatever the verdict").contains("exits 1 when the verdict");
    }
  }

  @Nested
  class Completion {
    @Test
    void bashIsTheDefaultAndZshGetsTheSameScript() {
      String bash = ape("generate-completion").exits(ExitCode.OK).out();
      assertThat(bash).contains("complete -F").contains("--params-json");
      assertThat(ape("generate-completion", "bash").exits(ExitCode.OK).out()).isEqualTo(bash);
      assertThat(ape("generate-completion", "zsh").exits(ExitCode.OK).out()).isEqualTo(bash);
    }

    @Test
    void fishGetsAFishScriptForEveryCommandAndOption() {
      String fish = ape("generate-completion", "fish").exits(ExitCode.OK).out();

      assertThat(fish).doesNotContain("complete -F").startsWith("# fish completion for ape");
      for (String command : List.of("validate", "simulate", "diff", "test-prompt", "audit",
          "generate-completion", "mcp-scan")) {
        assertThat(fish).contains("-n '__fish_use_subcommand' -a '" + command + "'");
      }
      assertThat(fish)
          .contains("-n '__fish_seen_subcommand_from diff' -l 'exit-code'")
          .contains("-n '__fish_seen_subcommand_from simulate' -s 'p' -l 'param' -r")
          .contains("-l 'fail-on' -r -f -a 'denied escalation ambiguous invalid_plan any'")
          .contains("-n '__fish_seen_subcommand_from audit; and not __fish_seen_subcommand_from "
              + "verify show replay stats' -a 'verify'")
          .contains("-n '__fish_seen_subcommand_from audit; and __fish_seen_subcommand_from verify'"
              + " -l 'hmac-key-file' -r -F")
          .contains("-n '__fish_seen_subcommand_from generate-completion' -a 'bash zsh fish'");
      for (String line : fish.split("\n")) {
        assertThat(line).as("one complete command or comment per line")
            .matches("(# .*|complete -c ape .*)");
        assertThat(unbalancedQuote(line)).as(line).isFalse();
      }
    }

    @Test
    void otherShellsAreRefusedWithExitTwo() {
      CliRun.Result r = ape("generate-completion", "powershell").exits(ExitCode.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("no completion for the shell 'powershell': choose bash, zsh "
          + "or fish");
    }

    @Test
    void fishQuotingCannotBeBrokenOutOf() {
      assertThat(FishCompletion.quote("it's a \\ test\nnext; rm -rf /"))
          .isEqualTo("'it\\'s a \\\\ test next; rm -rf /'");
    }

    /** Whether a single-quoted fish string on this line is left open. */
    private boolean unbalancedQuote(String line) {
      if (line.startsWith("#")) {
        return false;
      }
      boolean open = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (open && c == '\\') {
          i++;
        } else if (c == '\'') {
          open = !open;
        }
      }
      return open;
    }
  }

  @Nested
  class AuditStats {
    @Test
    void statsCountsTheDemosRejectedAttemptAsShowFindsIt() {
      Path log = dir.resolve("demo-audit.jsonl");
      ape("demo", "--audit-log", log.toString()).exits(ExitCode.OK);

      CliRun.Result shown = ape("audit", "show", log.toString(), "--decision", "deny", "--json")
          .exits(ExitCode.OK);
      CliRun.Result stats = ape("audit", "stats", log.toString(), "--json").exits(ExitCode.OK);

      List<String> deniedActions = new ArrayList<>();
      shown.json().get("records").forEach(r -> deniedActions.add(r.get("actionId").asText()));
      assertThat(deniedActions).isNotEmpty().contains("delete_file");
      JsonNode s = stats.json();
      long denials = 0;
      for (JsonNode n : s.get("deniedByAction")) {
        denials += n.asLong();
      }
      assertThat(denials).isEqualTo(shown.json().get("matched").asLong());
      assertThat(s.get("deniedByAction").get("delete_file").asLong())
          .isEqualTo(deniedActions.stream().filter("delete_file"::equals).count());
      assertThat(s.get("recordsByDecision").get("DENY").asLong()).isEqualTo(denials);

      String text = ape("audit", "stats", log.toString()).exits(ExitCode.OK).out();
      assertThat(text).contains("denials (records with decision DENY) by action:\n")
          .doesNotContain("denials (records with decision DENY) by action: none");
      String byAction = text.substring(text.indexOf("denials (records with decision DENY) by action:"));
      assertThat(byAction.substring(0, byAction.indexOf("denials per")))
          .contains("\n  delete_file: ").doesNotContain("\n  : ");
    }
  }
}
