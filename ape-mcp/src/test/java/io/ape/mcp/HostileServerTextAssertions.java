package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for every rendering of a scan of a server that echoes a secret, terminal escapes
 * and a forged YAML line in what it reports: the text reports, the JSON reports and the generated
 * policy.
 */
final class HostileServerTextAssertions {
  /** Longer than any line a rendering may write. */
  static final int MAX_LINE = 2_500;

  private HostileServerTextAssertions() {}

  /** Every output of the scan (text, JSON, YAML), keyed by what it is. */
  static List<String[]> outputs(McpConfig config, ScanResult scan) {
    GeneratedPolicy g = new McpPolicyGenerator().generate(scan);
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"mcp-info text", McpReports.configText(config)});
    out.add(new String[] {"mcp-info JSON", McpReports.toJson(McpReports.configSummary(config))});
    out.add(new String[] {"scan text", McpReports.scanText(scan)});
    out.add(new String[] {"scan JSON", McpReports.toJson(scan)});
    out.add(new String[] {"risk text", McpReports.riskText(g.report())});
    out.add(new String[] {"risk JSON", McpReports.toJson(g.report())});
    out.add(new String[] {"policy YAML", g.yaml()});
    return out;
  }

  static void assertSafe(McpConfig config, ScanResult scan, String... secrets) {
    for (String[] o : outputs(config, scan)) {
      String what = o[0];
      String text = o[1];
      for (String secret : secrets) {
        assertThat(text).as(what + " must not contain the env secret").doesNotContain(secret);
      }
      assertThat(text).as(what + " must not contain ESC or BEL").doesNotContain("\u001b").doesNotContain("\u0007");
      assertThat(text.lines()).as(what + ": no forged line").noneMatch(l -> l.stripLeading().startsWith("# forged"));
      assertThat(text.lines()).as(what + ": bounded lines").allMatch(l -> l.length() <= MAX_LINE);
      assertThat(text.length()).as(what + ": the 100 KB texts are not kept").isLessThan(60_000);
    }
    JsonNode policy = McpPolicyGeneratorTest.assertPolicyFormat(new McpPolicyGenerator().generate(scan).yaml());
    assertThat(policy.toString()).doesNotContain("forged: allow\"").doesNotContain("\"forged\"");
    try {
      JsonNode json = new ObjectMapper().readTree(McpReports.toJson(scan));
      assertThat(json.isObject()).isTrue();
    } catch (java.io.IOException e) {
      throw new AssertionError("the scan JSON does not parse", e);
    }
  }
}
