package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String GH = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

  @Test
  void masksTheValueAfterACredentialFlag() {
    assertThat(Redactor.redactArgs(List.of("--api-token", "abc", "--port", "80")))
        .containsExactly("--api-token", "***", "--port", "80");
  }

  @Test
  void masksCredentialFlagsWithEquals() {
    assertThat(Redactor.redactArgs(List.of("--api-key=abc", "--password=x", "--dir=/tmp")))
        .containsExactly("--api-key=***", "--password=***", "--dir=/tmp");
  }

  @Test
  void masksNameValuePairsWithCredentialNames() {
    assertThat(Redactor.redactValue("GITHUB_TOKEN=abc")).isEqualTo("GITHUB_TOKEN=***");
    assertThat(Redactor.redactValue("LOG_LEVEL=debug")).isEqualTo("LOG_LEVEL=debug");
  }

  @Test
  void masksTokenShapedArguments() {
    assertThat(Redactor.redactArgs(List.of("run", GH))).containsExactly("run", "***");
    assertThat(Redactor.redactValue("sk-" + "a".repeat(10) + "B".repeat(10))).isEqualTo("***");
  }

  @Test
  void masksUrlUserInfoAndCredentialQueryParameters() {
    assertThat(Redactor.redactUrl("postgres://admin:hunter2@db.example.com:5432/app"))
        .isEqualTo("postgres://***@db.example.com:5432/app");
    assertThat(Redactor.redactUrl("https://x.example.com/sse?token=abc&region=eu"))
        .isEqualTo("https://x.example.com/sse?token=***&region=eu");
    assertThat(Redactor.redactArgs(List.of("postgresql://u:p4ss@localhost/db")))
        .containsExactly("postgresql://***@localhost/db");
  }

  @Test
  void leavesOrdinaryArgumentsAlone() {
    List<String> args = List.of("-y", "@modelcontextprotocol/server-filesystem", "/home/dev/project", "stdio");
    assertThat(Redactor.redactArgs(args)).isEqualTo(args);
  }

  @Test
  void secretValuesNeverShowTheirValues() {
    SecretValues v = SecretValues.of(Map.of("TOKEN", "fixture-secret-x"));
    assertThat(v.toString()).doesNotContain("fixture-secret").contains("TOKEN=***");
    assertThat(McpReports.toJson(v)).doesNotContain("fixture-secret").contains("\"TOKEN\" : \"***\"");
    assertThat(v.names()).containsExactly("TOKEN");
  }

  @Test
  void anEnvValueRepeatedInTheArgumentsIsMaskedThere() {
    McpServerConfig s = new McpServerConfig("s", "", TransportKind.STDIO, "server",
        List.of("--connect", "plain-fixture-secret-value"), SecretValues.of(Map.of("DB", "plain-fixture-secret-value")),
        "", "", null, false, List.of(), List.of(), "");
    assertThat(s.displayArgs()).containsExactly("--connect", "***");
    assertThat(s.toString()).doesNotContain("fixture-secret");
  }
}
