package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathWithinOperatorTest {
  private final CompiledCondition tmp = compile("path_within", "/tmp");

  @ParameterizedTest
  @ValueSource(strings = {"/tmp", "/tmp/", "/tmp/a.txt", "/tmp//a", "/tmp/./a", "/tmp/a/../b",
      "/tmp/a/b/c/../../d", "/tmp/..hidden"})
  void pathsInsideTheBaseHold(String value) {
    assertThat(tmp.test(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tmp/../etc/passwd", "/tmpfoo", "/tmpfoo/a", "/tm", "/", "/etc/passwd",
      "/tmp/a/../../etc", "/../tmp/../etc", "tmp/a", "a.txt", "./tmp/a", "", "/tmp\\..\\etc",
      "/tmp/a\u0000/../../etc", "/tmp/a\n", "/TMP/a"})
  void pathsOutsideTheBaseOrMalformedFail(String value) {
    assertThat(tmp.test(value)).isFalse();
  }

  @Test
  void reasonsSayWhy() {
    assertThat(tmp.describeFailure("/tmp/../etc/passwd")).isEqualTo(
        "value '/tmp/../etc/passwd' (normalised to '/etc/passwd') is not within '/tmp'");
    assertThat(tmp.describeFailure("/tmpfoo")).isEqualTo("value '/tmpfoo' is not within '/tmp'");
    assertThat(tmp.describeFailure("a.txt")).contains("is not an absolute path");
    assertThat(tmp.describeFailure("/tmp\\x")).contains("backslash");
    assertThat(tmp.describeFailure(7)).contains("not a string");
  }

  @Test
  void basesAreNormalisedAndMayBeAList() {
    CompiledCondition c = compile("path_within", List.of("/srv/data/", "/var//log/./app"));
    assertThat(c.test("/srv/data/x")).isTrue();
    assertThat(c.test("/var/log/app/today.log")).isTrue();
    assertThat(c.test("/var/log/other")).isFalse();
    assertThat(compile("path_within", "/").test("/anything/at/all")).isTrue();
    assertThat(compile("path_within", "/srv/a/../b").test("/srv/b/c")).isTrue();
  }

  @Test
  void badBasesArePolicyErrors() {
    assertThatThrownBy(() -> compile("path_within", "tmp")).isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("is not an absolute path");
    assertThatThrownBy(() -> compile("path_within", "C:\\temp")).isInstanceOf(PolicyValidationException.class);
    assertThatThrownBy(() -> compile("path_within", Map.of("bases", "/tmp")))
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("unknown key");
    assertThatThrownBy(() -> compile("path_within", Map.of("base", "/tmp", "resolve_symlinks", "yes")))
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("true or false");
    assertThatThrownBy(() -> compile("path_within", Map.of("resolve_symlinks", true)))
        .isInstanceOf(PolicyValidationException.class).hasMessageContaining("'base' key is required");
  }

  @Test
  void lexicalModeDoesNotSeeSymlinksButResolvingModeDoes(@TempDir Path dir) throws IOException {
    Path base = Files.createDirectory(dir.resolve("base"));
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(base.resolve("escape"), outside);
    String real = base.toRealPath().toString();
    String viaLink = real + "/escape/secret";

    CompiledCondition lexical = compile("path_within", real);
    CompiledCondition resolving = compile("path_within", Map.of("base", real, "resolve_symlinks", true));

    assertThat(lexical.test(viaLink)).as("documented limit of lexical mode").isTrue();
    assertThat(resolving.test(viaLink)).isFalse();
    assertThat(resolving.describeFailure(viaLink)).contains("resolved to");
    assertThat(resolving.test(real + "/new-file.txt")).as("files that do not exist yet").isTrue();
    assertThat(resolving.test(real + "/escape/../../base/x")).isFalse();
  }

  @Test
  void aDanglingSymlinkFailsInResolvingMode(@TempDir Path dir) throws IOException {
    Path base = Files.createDirectory(dir.resolve("base"));
    Files.createSymbolicLink(base.resolve("dangling"), dir.resolve("not-yet-there"));
    String real = base.toRealPath().toString();
    CompiledCondition resolving = compile("path_within", Map.of("base", real, "resolve_symlinks", true));
    assertThat(resolving.test(real + "/dangling")).isFalse();
    assertThat(resolving.test(real + "/dangling/child")).isFalse();
  }

  @Test
  void basesAreResolvedAtLoad(@TempDir Path dir) throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), target);
    String realTarget = target.toRealPath().toString();
    CompiledCondition resolving = compile("path_within",
        Map.of("base", alias.toString(), "resolve_symlinks", true));
    assertThat(resolving.test(realTarget + "/f")).isTrue();
    assertThat(resolving.test(alias + "/f")).isTrue();
  }
}
