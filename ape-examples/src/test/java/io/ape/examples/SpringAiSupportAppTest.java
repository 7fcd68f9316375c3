package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ape-spring-ai's README "Spring Boot": its code is {@link SpringAiSupportApp}, a real Spring
 * Boot application whose tools ape-spring-ai's auto-configuration guards; with the support
 * policy the real ChatClient tool loop (a scripted model) completes the benign task (a) and the
 * injected recipient of (b) is denied.
 */
class SpringAiSupportAppTest {
  @Test
  void theReadmeShowsThisExample() throws Exception {
    ReadmeExamples.assertReadmeShows("ape-spring-ai", "## Spring Boot", "SpringAiSupportApp");
  }

  @Test
  void theBenignTaskCompletesAndTheInjectedRecipientIsDenied(@TempDir Path dir)
      throws Exception {
    // the policy the README points to: ape-langchain4j's "Use it"
    Path policy = ReadmeExamples.policy("ape-langchain4j", "## Use it", dir);
    assertThat(ReadmeExamples.run(SpringAiSupportApp::main, policy.toString()))
        .containsExactlyElementsOf(ReadmeExamples.expectedOutput(
            ReadmeExamples.source("SpringAiSupportApp")))
        .contains("e-mails sent to [bob@acme.com]");
  }
}
