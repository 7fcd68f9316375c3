package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AmbiguousProviderException;
import io.ape.api.Outcome;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyParseException;
import io.ape.api.ProviderException;
import io.ape.api.ProviderNotFoundException;
import io.ape.core.policy.fixtures.LinesPolicyParserProvider;
import io.ape.core.provider.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading policy files: parser selection by extension through real service files, and bad files. */
class FileLoadingTest {
  private static final String POLICY = "name: files\nallow: read_file\nforbid: delete_file\n"
      + "rule: tmp write_file allow path prefix /tmp/\n";

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static PolicyEngine.Builder builder(String fixture) {
    return PolicyEngine.builder().providerLoader(Fixtures.providerLoader(fixture));
  }

  @Test
  void theParserIsChosenByExtensionAndTheVersionIsTheFilesSha256() throws IOException {
    Path file = write("policy.LINES", POLICY);
    PolicyEngine engine = builder("parsers").policyFile(file).build();
    assertThat(engine.evaluate("read_file").outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("write_file", Map.of("path", "/tmp/a")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.policyVersion()).as("not the parser's claim")
        .isEqualTo(PolicyFiles.sha256(POLICY.getBytes(StandardCharsets.UTF_8)));
    assertThat(engine.policy().source().name()).isEqualTo(file.toString());
  }

  @Test
  void aMissingFileIsPolicyNotFound() {
    Path missing = dir.resolve("nope.lines");
    assertThatThrownBy(() -> builder("parsers").policyFile(missing).build())
        .isInstanceOfSatisfying(PolicyNotFoundException.class,
            e -> assertThat(e.path()).isEqualTo(missing.toString()))
        .hasMessageStartingWith("Policy file not found: " + missing);
  }

  @Test
  void aDirectoryIsATypedPolicyError() throws IOException {
    Path d = Files.createDirectory(dir.resolve("policies.lines"));
    assertThatThrownBy(() -> builder("parsers").policyFile(d).build())
        .isExactlyInstanceOf(PolicyException.class).hasMessageContaining("is a directory");
  }

  @Test
  void anUnreadableFileIsATypedPolicyError() throws IOException {
    Path file = write("secret.lines", POLICY);
    boolean restricted = file.toFile().setReadable(false, false);
    if (restricted && !Files.isReadable(file)) {
      assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
          .isExactlyInstanceOf(PolicyException.class).hasMessageContaining("not readable");
    } else {
      // Running as root: permissions do not apply, so the file must simply load.
      assertThat(builder("parsers").policyFile(file).build().policy().name()).isEqualTo("files");
    }
  }

  @Test
  void aDeviceIsRefusedWithoutReadingIt() {
    Path device = Path.of("/dev/zero");
    if (Files.exists(device)) {
      assertThatThrownBy(() -> builder("parsers").format("lines").policyFile(device).build())
          .isExactlyInstanceOf(PolicyException.class).hasMessageContaining("not a regular file");
    } else {
      assertThatThrownBy(() -> builder("parsers").policyFile(device).build())
          .isInstanceOf(PolicyNotFoundException.class);
    }
  }

  @Test
  void theSizeIsCheckedBeforeTheFileIsParsed() throws IOException {
    Path file = write("big.lines", POLICY);
    LinesPolicyParserProvider.PARSE_CALLS.set(0);
    assertThatThrownBy(() -> builder("parsers").limits(PolicyLimits.defaults().withMaxBytes(16))
        .policyFile(file).build())
        .isInstanceOfSatisfying(PolicyLimitException.class, e -> {
          assertThat(e.limit()).isEqualTo("maxBytes");
          assertThat(e.maximum()).isEqualTo(16);
        })
        .hasMessageContaining("policy file is " + POLICY.length() + " bytes");
    assertThat(LinesPolicyParserProvider.PARSE_CALLS).hasValue(0);
  }

  @Test
  void anExtensionNoParserHandlesNamesTheArtifact() throws IOException {
    Path file = write("policy.toml", POLICY);
    assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("No io.ape.spi.PolicyParserProvider for '.toml' files")
        .hasMessageContaining("Add io.ape:ape-policy-yaml as a dependency");
    Path bare = write("policy", POLICY);
    assertThatThrownBy(() -> builder("parsers").policyFile(bare).build())
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("for files without an extension");
  }

  @Test
  void aFormatNamedExplicitlyOverridesTheExtension() throws IOException {
    Path file = write("policy.txt", POLICY);
    assertThat(builder("parsers").format("lines").policyFile(file).build().policy().name())
        .isEqualTo("files");
    assertThat(builder("parsers").property("ape.policy.format", "lines").policyFile(file).build()
        .policy().name()).isEqualTo("files");
  }

  @Test
  void anExplicitParserInstanceNeedsNoDiscovery() throws IOException {
    Path file = write("policy.whatever", POLICY);
    PolicyEngine engine = builder("missing-class").parser(new LinesPolicyParserProvider())
        .policyFile(file).build();
    assertThat(engine.policy().name()).isEqualTo("files");
  }

  @Test
  void twoParsersForOneExtensionAtTheSamePriorityAreAmbiguous() throws IOException {
    Path file = write("policy.lines", POLICY);
    assertThatThrownBy(() -> builder("parsers-tie").policyFile(file).build())
        .isInstanceOf(AmbiguousProviderException.class)
        .hasMessageContaining("for '.lines' files share the highest priority 0")
        .hasMessageContaining("ape.policy.format=<id>");
    assertThat(builder("parsers-tie").format("lines-twin").policyFile(file).build().policy().name())
        .isEqualTo("files");
  }

  @Test
  void parseErrorsPassThroughWithTheirLocation() throws IOException {
    Path file = write("bad.lines", "name: x\nbogus\n");
    assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
        .isInstanceOfSatisfying(PolicyParseException.class,
            e -> assertThat(e.location().line()).isEqualTo(2))
        .hasMessage(file + ":2:1: expected 'key: value'");
  }

  @Test
  void aParserThatThrowsARawExceptionIsAProviderError() throws IOException {
    Path file = write("p.boom", POLICY);
    assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.providerId()).isEqualTo("boom"))
        .hasMessageContaining("failed unexpectedly on " + file)
        .hasMessageContaining("parser bug");
  }

  @Test
  void aParserThatReturnsNullIsAProviderError() throws IOException {
    Path file = write("p.null", POLICY);
    assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
        .isInstanceOf(ProviderException.class).hasMessageContaining("returned no policy (null)");
  }

  @Test
  void aPolicyThatParsesButDoesNotValidateIsRejected() throws IOException {
    Path file = write("p.lines", "allow: read_file\nforbid: read_file\n");
    assertThatThrownBy(() -> builder("parsers").policyFile(file).build())
        .isInstanceOf(io.ape.api.PolicyValidationException.class)
        .hasMessageContaining("'read_file' is in both forbidden_actions and allowed_actions");
  }

  @Test
  void aBuilderWithoutAPolicyIsAConfigurationError() {
    assertThatThrownBy(() -> PolicyEngine.builder().build())
        .isInstanceOf(io.ape.api.ApeConfigurationException.class)
        .hasMessageContaining("No policy");
    assertThatThrownBy(() -> PolicyEngine.builder().policyFile(dir).policy(
        TestPolicy.named("x").build())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyEngine.builder().format("a").format("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("format was already set to a");
  }
}
