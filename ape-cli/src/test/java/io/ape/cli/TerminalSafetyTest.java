package io.ape.cli;

import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from policies, action ids, parameters and error messages is attacker-influenced; it must
 * not reach the terminal as escape sequences or bidi controls.
 */
class TerminalSafetyTest {
  @TempDir
  Path dir;

  @Test
  void escapeSequencesInAnActionIdAreNotSentToTheTerminal() throws IOException {
    Path p = Files.writeString(dir.resolve("p.yaml"), "x");
    FakePolicies fake = new FakePolicies().with(p, policy(p).build());
    String hostile = "read_file\u001b]0;pwned\u0007\u001b[2J";
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), hostile).exits(ExitCode.OK);
    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007")
        .contains("read_file\\u001b]0;pwned\\u0007\\u001b[2J");
  }

  @Test
  void bidiOverridesInPolicyTextAreEscaped() throws IOException {
    Path p = Files.writeString(dir.resolve("p.yaml"), "x");
    FakePolicies fake = new FakePolicies().with(p,
        policy(p).name("safe\u202eelif_etirw").allowed("read_file").build());
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.OK);
    assertThat(r.out()).doesNotContain("\u202e").contains("safe\\u202eelif_etirw");
  }

  @Test
  void escapeSequencesInErrorMessagesAreEscaped() throws IOException {
    Path p = Files.writeString(dir.resolve("p.yaml"), "x");
    FakePolicies fake = new FakePolicies().failing(p, new PolicyParseException(
        SourceLocation.of(p.toString()), "", "unknown key '\u001b[31mevil'"));
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).doesNotContain("\u001b").contains("\\u001b[31mevil");
  }

  @Test
  void printableUnicodeIsKept() {
    assertThat(Text.printable("/tmp/rapport-été.txt")).isEqualTo("/tmp/rapport-été.txt");
    assertThat(Text.printable("line\nbreak\ttab\u0000nul\u007fdel\u2028ls"))
        .isEqualTo("line\\u000abreak\\u0009tab\\u0000nul\\u007fdel\\u2028ls");
  }
}
