package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ape-langchain4j's README "Use it": its code is {@link LangChain4jSupportAgent}, and with its
 * policy the real AiServices tool loop (a scripted model) completes the benign task (a) and
 * the injected recipient of (b) is denied: the e-mail tool never runs for it.
 */
class LangChain4jSupportAgentTest {
  static final String MODULE = "ape-langchain4j";
  static final String SECTION = "## Use it";

  @Test
  void theReadmeShowsThisExample() throws Exception {
    ReadmeExamples.assertReadmeShows(MODULE, SECTION, "LangChain4jSupportAgent");
  }

  @Test
  void theBenignTaskCompletesAndTheInjectedRecipientIsDenied(@TempDir Path dir)
      throws Exception {
    Path policy = ReadmeExamples.policy(MODULE, SECTION, dir);
    assertThat(ReadmeExamples.run(LangChain4jSupportAgent::main, policy.toString()))
        .containsExactlyElementsOf(ReadmeExamples.expectedOutput(
            ReadmeExamples.source("LangChain4jSupportAgent")))
        .contains("e-mails sent to [bob@acme.com]");
  }
}
