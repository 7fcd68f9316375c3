package io.ape.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * The CLI's logging configuration, applied by logback when the first logger is created (it is
 * registered in {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}):
 *
 * <ul>
 *   <li>WARN and above, to stderr only, as {@code ape: LEVEL Logger: message}, without stack
 *       traces: stdout is reserved for command output and must stay pure JSON under
 *       {@code --json};</li>
 *   <li>the MCP Java SDK ({@code io.modelcontextprotocol}) and Reactor ({@code reactor}) OFF:
 *       they log protocol details and, on some failures, stack traces, while {@code mcp-scan}
 *       reports every server failure itself, scrubbed of secrets;</li>
 *   <li>logback's own status messages silenced.</li>
 * </ul>
 *
 * <p>It is code rather than a {@code logback.xml} because parsing XML was a quarter of the
 * CPU time of a short command such as {@code ape validate} (see docs/cli-startup.md). A user
 * who wants other logging can still give {@code -Dlogback.configurationFile=FILE}: this
 * configurator then steps aside.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
  /** The layout of every log line. */
  static final String PATTERN = "ape: %level %logger{0}: %msg%n%nopex";

  /** Loggers switched off entirely. */
  static final String[] SILENCED = {"io.modelcontextprotocol", "reactor"};

  /** Created by logback's service loader. */
  public CliLogging() {
    // logback calls setContext before configure
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    context.getStatusManager().add(new NopStatusListener());

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    for (String name : SILENCED) {
      context.getLogger(name).setLevel(Level.OFF);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
