package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ApeConfigurationException;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyParseException;
import io.ape.api.ProviderNotFoundException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SourceLocation;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every exception type the CLI can meet has an exit code and a one-line message. */
class ErrorMapperTest {
  private static CliError map(Throwable t) {
    return ErrorMapper.map(t);
  }

  @Test
  void fileNotFoundInEveryFormIsFour() {
    assertThat(map(new PolicyNotFoundException("a.yaml")).exitCode()).isEqualTo(4);
    assertThat(map(new PolicyNotFoundException("a.yaml")).message())
        .isEqualTo("a.yaml: file not found");
    assertThat(map(new NoSuchFileException("b.yaml")).message()).isEqualTo("b.yaml: file not found");
    assertThat(map(new FileNotFoundException("c.txt (No such file)")).exitCode()).isEqualTo(4);
    assertThat(map(new MissingFileException(Path.of("d"), "file not found")).exitCode())
        .isEqualTo(4);
  }

  @Test
  void policyProblemsAreThreeAndKeepTheirLocation() {
    PolicyParseException parse = new PolicyParseException(new SourceLocation("p.yaml", 3, 7),
        "rules[0]", "bad");
    CliError e = map(parse);
    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.problems()).singleElement().hasToString("p.yaml:3:7 (rules[0]): bad");
    assertThat(e.problems().get(0).message()).isEqualTo("bad");
    assertThat(map(new PolicyLimitException(SourceLocation.of("p.yaml"), "maxBytes", 1, "big"))
        .type()).isEqualTo("policy_limit_exceeded");
    assertThat(map(new PolicyException("unreadable")).exitCode()).isEqualTo(3);
  }

  @Test
  void usageErrorsAreTwo() {
    assertThat(map(new CliUsageException("bad --param")).exitCode()).isEqualTo(2);
  }

  @Test
  void configurationAndOtherApeErrorsAreOne() {
    assertThat(map(new ApeConfigurationException("no parser")).type())
        .isEqualTo("configuration_error");
    assertThat(map(new ProviderNotFoundException("X", "", "missing")).exitCode()).isEqualTo(1);
    assertThat(map(new SessionExpiredException("expired")).exitCode()).isEqualTo(1);
  }

  @Test
  void ioErrorsAreOne() {
    assertThat(map(new AccessDeniedException("/root/p.yaml")).message())
        .isEqualTo("/root/p.yaml: permission denied");
    assertThat(map(new IOException("disk")).type()).isEqualTo("io_error");
    assertThat(map(new UncheckedIOException("f: gone", new IOException())).message())
        .isEqualTo("f: gone");
  }

  @Test
  void anythingElseIsAnInternalErrorOnOneLine() {
    CliError e = map(new NullPointerException("x is null\n  more detail"));
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.message()).isEqualTo("internal error: java.lang.NullPointerException: x is null"
        + " (rerun with --verbose for details)");
    assertThat(map(new OutOfMemoryError()).message()).contains("out of resources");
  }
}
