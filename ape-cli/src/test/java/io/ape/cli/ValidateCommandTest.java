package io.ape.cli;

import static io.ape.cli.FakePolicies.condition;
import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.Outcome;
import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir
  Path dir;
  Path good;
  Path devAllow;
  Path placeholder;
  Path broken;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    good = Files.writeString(dir.resolve("good.yaml"), "x");
    devAllow = Files.writeString(dir.resolve("dev.yaml"), "x");
    placeholder = Files.writeString(dir.resolve("scan.yaml"), "x");
    broken = Files.writeString(dir.resolve("broken.yaml"), "x");
    fake = new FakePolicies()
        .with(good, policy(good).name("good").allowed("read_file").forbidden("rm_rf").build())
        .with(devAllow, policy(devAllow).defaultDecision(Outcome.ALLOW).build())
        .with(placeholder, policy(placeholder)
            .rule("fs.read", "fs.read_file", Outcome.ALLOW,
                condition("path", "path_within", "TODO: the directory the server may read"))
            .rule("web", "web.fetch", Outcome.ALLOW,
                condition("url", "domain_in", List.of("api.example.com", " TODO add domains")))
            .build())
        .failing(broken, new PolicyParseException(new SourceLocation(broken.toString(), 5, 9), "",
            "unknown key 'alowed_actions'"));
  }

  @Test
  void aValidPolicyPassesWithASummary() {
    CliRun.Result r = CliRun.run(fake, "validate", good.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("valid").contains(good.toString())
        .contains("1 allowed, 1 forbidden, 0 escalation, 0 rules, default deny");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void defaultAllowIsAWarningWithoutStrict() {
    CliRun.Result r = CliRun.run(fake, "validate", devAllow.toString()).exits(ExitCode.OK);
    assertThat(r.err()).contains("warning").contains("default allow");
  }

  @Test
  void defaultAllowFailsUnderStrict() {
    CliRun.Result r = CliRun.run(fake, "validate", "--strict", devAllow.toString())
        .exits(ExitCode.INVALID_POLICY);
    assertThat(r.out()).contains("invalid");
    assertThat(r.err()).contains("error").contains("default allow");
  }

  @Test
  void todoPlaceholdersAreWarningsWithoutStrict() {
    CliRun.Result r = CliRun.run(fake, "validate", placeholder.toString()).exits(ExitCode.OK);
    assertThat(r.err()).contains("rules[0].conditions.path.path_within")
        .contains("rules[1].conditions.url.domain_in[1]");
  }

  @Test
  void todoPlaceholdersFailUnderStrict() {
    JsonNode doc = CliRun.run(fake, "validate", "--strict", "--json", placeholder.toString())
        .exits(ExitCode.INVALID_POLICY).json();
    JsonNode problems = doc.get("files").get(0).get("error").get("problems");
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0).get("message").asText()).contains("TODO: the directory");
    assertThat(doc.get("strict").asBoolean()).isTrue();
  }

  @Test
  void placeholdersAreFoundInMetadataAndListsToo() {
    Path p = dir.resolve("meta.yaml");
    try {
      Files.writeString(p, "x");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    fake.with(p, policy(p).allowed("TODO_replace_me").redact("TODO")
        .metadata(Map.of("owner", List.of(Map.of("team", "TODO: team name")))).build());
    CliRun.Result r = CliRun.run(fake, "validate", "--strict", p.toString())
        .exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).contains("allowed_actions").contains("audit.redact")
        .contains("metadata.owner[0].team");
  }

  @Test
  void aWordThatMerelyContainsTodoIsNotAPlaceholder() {
    Path p = dir.resolve("fine.yaml");
    try {
      Files.writeString(p, "x");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    fake.with(p, policy(p).allowed("list_todos").metadata(Map.of("note", "no TODO here")).build());
    CliRun.run(fake, "validate", "--strict", p.toString()).exits(ExitCode.OK);
  }

  @Test
  void strictPassesACleanPolicy() {
    CliRun.run(fake, "validate", "--strict", good.toString()).exits(ExitCode.OK);
  }

  @Test
  void severalFilesAreAllReportedAndTheFirstFailureDecidesTheExitCode() {
    Path missing = dir.resolve("missing.yaml");
    CliRun.Result r = CliRun.run(fake, "validate", good.toString(), broken.toString(),
        missing.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.out()).contains("valid").contains("invalid").contains("missing")
        .contains("3 files: 1 valid, 2 failed");
    assertThat(r.err()).contains(broken + ":5:9: unknown key 'alowed_actions'")
        .contains(missing + ": file not found");

    CliRun.run(fake, "validate", missing.toString(), broken.toString())
        .exits(ExitCode.FILE_NOT_FOUND);
  }

  @Test
  void noFileIsAUsageError() {
    CliRun.run(fake, "validate").exits(ExitCode.USAGE);
  }
}
