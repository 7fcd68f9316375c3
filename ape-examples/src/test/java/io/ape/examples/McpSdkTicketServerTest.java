package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ape-mcp-sdk's README "A guarded server": its code is {@link McpSdkTicketServer}; a real MCP
 * SDK server (a child JVM) guarded by APE and a real SDK client over stdio: the benign e-mail
 * (a) is sent, the injected recipient (b) is an {@code isError} result with the terse text.
 */
class McpSdkTicketServerTest {
  @Test
  void theReadmeShowsThisExample() throws Exception {
    ReadmeExamples.assertReadmeShows("ape-mcp-sdk", "## A guarded server", "McpSdkTicketServer");
  }

  @Test
  void theBenignEmailIsSentAndTheInjectedRecipientIsAnErrorResult(@TempDir Path dir)
      throws Exception {
    Path policy = ReadmeExamples.policy("ape-langchain4j", "## Use it", dir);
    assertThat(ReadmeExamples.run(McpSdkTicketServer::main, policy.toString()))
        .containsExactlyElementsOf(ReadmeExamples.expectedOutput(
            ReadmeExamples.source("McpSdkTicketServer")))
        .contains("error: APE denied this tool call: it is not permitted by the security policy.");
  }
}
