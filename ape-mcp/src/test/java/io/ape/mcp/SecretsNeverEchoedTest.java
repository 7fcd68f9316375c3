package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attack: reading secrets out of a configuration through the scanner's output. */
class SecretsNeverEchoedTest {

  @ParameterizedTest
  @ValueSource(strings = {"claude_desktop_config.json", "claude.json", "cursor-mcp.json",
      "vscode-mcp.json", "windsurf-mcp_config.json", "gemini-settings.json", "bad-entries.json"})
  void noRenderingOfAConfigWithSecretsContainsThem(String fixture) {
    McpConfig config = Fixtures.read(fixture);
    ScanResult scan = McpScanner.builder().build().scan(config);
    GeneratedPolicy policy = new McpPolicyGenerator().generate(scan);
    List<String> outputs = new ArrayList<>();
    outputs.add(config.toString());
    config.servers().forEach(s -> {
      outputs.add(s.toString());
      outputs.add(s.displayTarget());
      outputs.add(s.env().toString());
      outputs.add(s.headers().toString());
    });
    outputs.add(McpReports.configText(config));
    outputs.add(McpReports.toJson(McpReports.configSummary(config)));
    outputs.add(McpReports.toJson(config));
    outputs.add(McpReports.scanText(scan));
    outputs.add(McpReports.toJson(scan));
    outputs.add(scan.toString());
    outputs.add(policy.yaml());
    outputs.add(McpReports.riskText(policy.report()));
    outputs.add(McpReports.toJson(policy.report()));
    for (String out : outputs) {
      assertThat(out).doesNotContain(Fixtures.SECRET_MARK);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude_desktop_config.json", "claude.json", "gemini-settings.json"})
  void thePolicyNeverContainsAPathOfTheConfiguration(String fixture) {
    McpConfig config = new McpConfigReader().read(Fixtures.path(fixture).toAbsolutePath());
    String yaml = new McpPolicyGenerator().generate(McpScanner.builder().build().scan(config)).yaml();
    String dir = Fixtures.path(fixture).toAbsolutePath().getParent().toString();
    assertThat(yaml).doesNotContain(dir).contains("source: \"" + fixture + "\"");
    assertThat(yaml).doesNotContain("/home/dev").doesNotContain("/Users/dev");
  }
}
