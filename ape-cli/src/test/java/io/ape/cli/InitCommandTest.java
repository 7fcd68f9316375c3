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

/**
 * {@code ape init}: every template loads in the real engine, passes {@code validate --strict},
 * denies what it does not name, and (but for blank-rules) is byte for byte the bundled policy.
 */
class InitCommandTest {

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
  void everyTemplateLoadsPassesStrictAndDeniesWhatItDoesNotName(String template)
      throws IOException {
    Path file = init(template);
    String text = Files.readString(file);
    assertThat(text).startsWith("# APE policy: " + template);
    assertThat(text.lines().filter(l -> l.strip().startsWith("#")).count()).isGreaterThan(4);
    assertThat(ape("validate", file.toString()).exits(ExitCode.OK).err()).isEmpty();
    ape("validate", "--strict", file.toString()).exits(ExitCode.OK);
    JsonNode info = ape("info", file.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(info.get("name").asText()).isEqualTo(template.equals("blank-rules") ? "my_policy"
        : template);
    assertThat(info.get("default_decision").asText()).isEqualTo("deny");
    assertThat(decide(file, "some_tool_nobody_named")).isEqualTo("DENY");
    assertThat(decide(file, "read_file", "path=/etc/shadow")).isEqualTo("DENY");
  }

  @ParameterizedTest
  @MethodSource("templates")
  void theTemplatesAreTheBundledPolicies(String template) throws IOException {
    if (template.equals("blank-rules")) {
      return;
    }
    Path bundled = repositoryRoot().resolve("policies/" + template + ".yaml");
    assertThat(ape("init", "--template", template).exits(ExitCode.OK).out())
        .isEqualTo(Files.readString(bundled));
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("policies"))) {
      p = p.getParent();
    }
    assertThat(p).as("the repository root (with policies/)").isNotNull();
    return p;
  }

  @Test
  void withoutOptionsItPrintsMinimalSafeOnStdout() {
    CliRun.Result r = ape("init").exits(ExitCode.OK);
    assertThat(r.out()).isEqualTo(PolicyTemplates.text(PolicyTemplates.find("minimal_safe")
        .orElseThrow()));
    assertThat(r.out()).startsWith("# APE policy: minimal_safe");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void minimalSafeReadsInTheWorkspaceEscalatesWritesAndForbidsDeletes() {
    Path p = init("minimal_safe");
    assertThat(decide(p, "read_file", "path=/workspace/notes.txt")).isEqualTo("ALLOW");
    assertThat(decide(p, "read_file", "path=/workspace/../etc/passwd")).isEqualTo("DENY");
    assertThat(decide(p, "write_file", "path=/workspace/out.txt", "content=hi"))
        .isEqualTo("ESCALATE");
    assertThat(decide(p, "delete_file", "path=/workspace/out.txt")).isEqualTo("DENY");
    assertThat(decide(p, "run_shell_command", "command=ls")).isEqualTo("DENY");
  }

  @Test
  void blankRulesDeniesEverythingAndDocumentsEveryOperator() throws IOException {
    Path p = init("blank-rules");
    assertThat(decide(p, "read_file", "path=/tmp/a")).isEqualTo("DENY");
    JsonNode info = ape("info", p.toString(), "--json").json();
    assertThat(info.get("rules")).isEmpty();
    assertThat(Files.readString(p)).contains("path_within", "domain_in", "one_of", "equals",
        "prefix", "allowlist", "denylist", "regex", "max_bytes", "min / max");
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
    assertThat(Files.readString(file)).startsWith("# APE policy: read_only");
  }

  @Test
  void writesMissingParentDirectoriesAndReportsAsJson() {
    Path file = dir.resolve("a/b/policy.yaml");
    JsonNode doc = ape("init", "-o", file.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(file).isRegularFile();
    assertThat(doc.get("template").asText()).isEqualTo("minimal_safe");
    assertThat(doc.get("output").asText()).isEqualTo(file.toString());
    assertThat(doc.get("policy").asText()).startsWith("# APE policy: minimal_safe");
  }

  @Test
  void aParentThatIsAFileIsAnErrorNotAFalseAlreadyExists() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    CliRun.Result r = ape("init", "-o", file.resolve("policy.yaml").toString())
        .exits(ExitCode.ERROR);
    assertThat(r.err()).contains("cannot create the directory").doesNotContain("--force");
  }

  @Test
  void meaninglessCombinationsAreUsageErrors() {
    ape("init", "--force").exits(ExitCode.USAGE);
    ape("init", "--list", "-o", dir.resolve("x.yaml").toString()).exits(ExitCode.USAGE);
    ape("init", "extra-argument").exits(ExitCode.USAGE);
  }
}
