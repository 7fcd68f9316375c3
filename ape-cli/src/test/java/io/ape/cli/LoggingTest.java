package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Library logging reaches stderr at WARN and above, and never stdout. */
class LoggingTest {
  @Test
  void warningsGoToStderrAndInfoIsDropped() {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Logger log = LoggerFactory.getLogger("io.ape.core.policy.PolicyEngine");
      log.info("an info message");
      log.warn("a warning", new IllegalStateException("with a cause"));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    String logged = err.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("WARN").contains("a warning").doesNotContain("an info message")
        .doesNotContain("\tat ");
  }

  @Test
  void theMcpSdkAndReactorAreSilentEvenForErrors() {
    for (String name : new String[] {"io.modelcontextprotocol.client.McpAsyncClient",
        "io.modelcontextprotocol.spec.McpClientSession", "reactor.core.publisher.Operators"}) {
      assertThat(LoggerFactory.getLogger(name).isErrorEnabled()).as(name).isFalse();
    }
    assertThat(LoggerFactory.getLogger("io.ape.mcp.McpScanner").isWarnEnabled()).isTrue();
  }
}
