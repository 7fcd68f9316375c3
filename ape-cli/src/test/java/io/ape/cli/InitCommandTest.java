package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ape init}: every template loads in the real engine and decides as its comments say. */
class InitCommandTest {
  /** The templates that {@code validate --strict} accepts as written. */
  private static final List<String> STRICT_CLEAN =
      List.of("minimal_safe", "read_only", "human_in_loop", "blank-rules");

  @TempDir
  Path dir;

  private static CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  static List<String> templates() {
    return PolicyTemplates.names();
  }

  private Path init(String template) {
    Path file = dir.resolve(template + ".yaml");
    ape("init", "--template", template, "-o", file.toString()).exits(ExitCode.OK);
    return file;
  }

  private String decide(Path policy, String action, String... params) {
    String[] args = Stream.concat(Stream.of("simulate", policy.toString(), action, "--json"),
        Stream.of(params).flatMap(p -> Stream.of("-p", p))).toArray(String[]::new);
    return ape(args).exits(ExitCode.OK).json().get("decision").asText();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyTemplateLoadsInTheEngineAndIsCommented(String template) throws IOException {
    Path file = init(template);
    String text = Files.readString(file);
    assertThat(text).startsWith("# APE starter policy: " + template);
    assertThat(text.lines().filter(l -> l.strip().startsWith("#")).count()).isGreaterThan(10);
    ape("validate", file.toString()).exits(ExitCode.OK);
    ape("validate", "--strict", file.toString())
        .exits(STRICT_CLEAN.contains(template) ? ExitCode.OK : ExitCode.INVALID_POLICY);
    JsonNode info = ape("info", file.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(info.get("metadata").get("template").asText()).isEqualTo(template);
  }

  @Test
  void withoutOptionsItPrintsMinimalSafeOnStdout() {
    CliRun.Result r = ape("init").exits(ExitCode.OK);
    assertThat(r.out()).isEqualTo(PolicyTemplates.text(PolicyTemplates.find("minimal_safe")
        .orElseThrow()));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void minimalSafeReadsEscalatesChangesAndDeniesTheRest() {
    Path p = init("minimal_safe");
    assertThat(decide(p, "read_file", "path=/etc/hosts")).isEqualTo("ALLOW");
    assertThat(decide(p, "write_file")).isEqualTo("ESCALATE");
    assertThat(decide(p, "delete_file")).isEqualTo("DENY");
    assertThat(decide(p, "run_shell_command")).isEqualTo("DENY");
    assertThat(decide(p, "http_get")).isEqualTo("DENY");
    assertThat(decide(p, "some_unknown_tool")).isEqualTo("DENY");
  }

  @Test
  void readOnlyAllowsOneSelectStatementOnly() {
    Path p = init("read_only");
    assertThat(decide(p, "query_data", "query=SELECT name FROM users WHERE id = 1"))
        .isEqualTo("ALLOW");
    assertThat(decide(p, "query_data", "query=  select 1;")).isEqualTo("ALLOW");
    assertThat(decide(p, "query_data", "query=DROP TABLE users")).isEqualTo("DENY");
    assertThat(decide(p, "query_data", "query=SELECT 1; DROP TABLE users")).isEqualTo("DENY");
    assertThat(decide(p, "query_data")).isEqualTo("DENY");
    assertThat(decide(p, "write_file", "path=/tmp/a")).isEqualTo("DENY");
  }

  @Test
  void filesystemScopedDeniesEverythingUntilTheRootIsSetThenStaysInsideIt() throws IOException {
    Path p = init("filesystem_scoped");
    assertThat(decide(p, "read_file", "path=/etc/passwd")).isEqualTo("DENY");
    CliRun.Result strict = ape("validate", "--strict", p.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(strict.err()).contains("/TODO-set-allowed-root");

    Files.writeString(p, Files.readString(p).replace("/TODO-set-allowed-root", "/srv/ws"));
    ape("validate", "--strict", p.toString()).exits(ExitCode.OK);
    assertThat(decide(p, "read_file", "path=/srv/ws/notes.txt")).isEqualTo("ALLOW");
    assertThat(decide(p, "write_file", "path=/srv/ws/out.txt", "content=hello"))
        .isEqualTo("ALLOW");
    assertThat(decide(p, "write_file", "path=/srv/ws/../../etc/passwd", "content=x"))
        .isEqualTo("DENY");
    assertThat(decide(p, "write_file", "path=/srv/ws/out.txt")).isEqualTo("DENY");
    assertThat(decide(p, "delete_file", "path=/srv/ws/old.txt")).isEqualTo("ESCALATE");
    assertThat(decide(p, "delete_file", "path=/etc/passwd")).isEqualTo("DENY");
    assertThat(decide(p, "delete_directory", "path=/srv/ws/tmp")).isEqualTo("DENY");
  }

  @Test
  void humanInLoopEscalatesEveryChange() {
    Path p = init("human_in_loop");
    assertThat(decide(p, "list_directory")).isEqualTo("ALLOW");
    for (String action : List.of("write_file", "http_get", "send_email", "execute_code")) {
      assertThat(decide(p, action)).as(action).isEqualTo("ESCALATE");
    }
    assertThat(decide(p, "delete_data")).isEqualTo("DENY");
  }

  @Test
  void developmentAllowsByDefaultAndValidateSaysSo() {
    Path p = init("development");
    assertThat(decide(p, "anything_else")).isEqualTo("ALLOW");
    assertThat(decide(p, "drop_database")).isEqualTo("DENY");
    assertThat(decide(p, "delete_file", "path=/tmp/x")).isEqualTo("ALLOW");
    assertThat(decide(p, "delete_file", "path=/home/me/x")).isEqualTo("ESCALATE");
    assertThat(ape("validate", p.toString()).exits(ExitCode.OK).err()).contains("default allow");
  }

  @Test
  void blankRulesDeniesEverything() {
    Path p = init("blank-rules");
    assertThat(decide(p, "read_file", "path=/tmp/a")).isEqualTo("DENY");
    JsonNode info = ape("info", p.toString(), "--json").json();
    assertThat(info.get("default_decision").asText()).isEqualTo("deny");
    assertThat(info.get("rules")).isEmpty();
  }

  @Test
  void listShowsEveryTemplateAndTheDefault() {
    CliRun.Result r = ape("init", "--list").exits(ExitCode.OK);
    assertThat(r.out().lines().map(l -> l.split(" ")[0]).toList())
        .containsExactlyElementsOf(PolicyTemplates.names());
    assertThat(r.out()).contains("(the default)");
    JsonNode json = ape("init", "--list", "--json").exits(ExitCode.OK).json().get("templates");
    assertThat(json).hasSize(PolicyTemplates.names().size());
    assertThat(json.get(0).get("name").asText()).isEqualTo("minimal_safe");
    assertThat(json.get(0).get("default").asBoolean()).isTrue();
    assertThat(json.get(1).get("default").asBoolean()).isFalse();
  }

  @Test
  void everyTemplateFileIsListedAndEveryListedTemplateHasAFile() throws URISyntaxException,
      IOException {
    Path resources = Path.of(PolicyTemplates.class.getResource("templates").toURI());
    try (Stream<Path> files = Files.list(resources)) {
      assertThat(files.map(f -> f.getFileName().toString().replace(".yaml", "")))
          .containsExactlyInAnyOrderElementsOf(PolicyTemplates.names());
    }
  }

  @Test
  void anUnknownTemplateIsAUsageErrorThatNamesTheTemplates() {
    CliRun.Result r = ape("init", "--template", "permissive").exits(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown template 'permissive'; choose one of: minimal_safe, "
        + "read_only, filesystem_scoped, human_in_loop, development, blank-rules");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anExistingFileIsOverwrittenOnlyWithForce() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), "name: mine\n");
    CliRun.Result r = ape("init", "-o", file.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).contains("already exists; use --force to overwrite it");
    assertThat(Files.readString(file)).isEqualTo("name: mine\n");
    CliRun.Result forced = ape("init", "-o", file.toString(), "--force", "--template",
        "read_only").exits(ExitCode.OK);
    assertThat(forced.out()).contains("Wrote the read_only starter policy to " + file);
    assertThat(Files.readString(file)).startsWith("# APE starter policy: read_only");
  }

  @Test
  void writesMissingParentDirectoriesAndReportsAsJson() {
    Path file = dir.resolve("a/b/policy.yaml");
    JsonNode doc = ape("init", "-o", file.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(file).isRegularFile();
    assertThat(doc.get("template").asText()).isEqualTo("minimal_safe");
    assertThat(doc.get("output").asText()).isEqualTo(file.toString());
    assertThat(doc.get("policy").asText()).startsWith("# APE starter policy: minimal_safe");
  }

  @Test
  void meaninglessCombinationsAreUsageErrors() {
    ape("init", "--force").exits(ExitCode.USAGE);
    ape("init", "--list", "-o", dir.resolve("x.yaml").toString()).exits(ExitCode.USAGE);
    ape("init", "extra-argument").exits(ExitCode.USAGE);
  }
}
