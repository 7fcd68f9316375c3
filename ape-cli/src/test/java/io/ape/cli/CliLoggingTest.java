package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The CLI's logback configuration, applied to fresh logger contexts. */
class CliLoggingTest {
  private static LoggerContext configured() {
    LoggerContext context = new LoggerContext();
    CliLogging logging = new CliLogging();
    logging.setContext(context);
    assertThat(logging.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  @Test
  void warningsAndAboveGoToStderrWithoutStackTraces() {
    LoggerContext context = configured();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(appender.isStarted()).isTrue();
    assertThat(CliLogging.PATTERN).endsWith("%nopex");
  }

  @Test
  void theMcpSdkAndReactorAreOff() {
    LoggerContext context = configured();
    assertThat(context.getLogger("io.modelcontextprotocol.client.McpAsyncClient")
        .isErrorEnabled()).isFalse();
    assertThat(context.getLogger("reactor.core.publisher.Operators").isErrorEnabled()).isFalse();
    assertThat(context.getLogger("io.ape.mcp.McpScanner").isWarnEnabled()).isTrue();
  }

  @Test
  void anExplicitLogbackConfigurationFileTakesOver() {
    String before = System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
    System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "/etc/my-logback.xml");
    try {
      LoggerContext context = new LoggerContext();
      CliLogging logging = new CliLogging();
      logging.setContext(context);
      assertThat(logging.configure(context))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    } finally {
      if (before == null) {
        System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
      } else {
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, before);
      }
    }
  }
}
