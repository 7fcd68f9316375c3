package io.ape.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ape} command. Adding a sub-command is one class (extending {@link CliCommand})
 * plus one line in {@code subcommands} below.
 *
 * <p>This is the only place of APE that prints: every command writes through picocli's
 * writers, JSON output is pure, errors are mapped to exit codes by {@link ErrorMapper}.
 */
@Command(
    name = "ape",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "APE, the Agent Policy Engine: check, inspect and try out policies.",
    description = "An agent may think freely but act only with explicit, finite authority. "
        + "These commands write, validate and compare policy files, show what a policy "
        + "decides, and why, and generate policies from MCP client configurations.",
    subcommands = {
        ValidateCommand.class,
        SimulateCommand.class,
        SimulateBatchCommand.class,
        ExplainCommand.class,
        TestCommand.class,
        InfoCommand.class,
        DiffCommand.class,
        DemoCommand.class,
        TestPromptCommand.class,
        AnalyzeCommand.class,
        ExportModelCommand.class,
        AuditCommand.class,
        ActionsCommand.class,
        GenerateMocksCommand.class,
        InitCommand.class,
        McpInfoCommand.class,
        McpScanCommand.class,
        AgentDojoCommand.class,
        McpPinCommand.class,
        GatewayCommand.class,
        GenerateCompletionCommand.class,
        HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape validate --strict policies/read_only.yaml",
        "  ape simulate policies/filesystem_scoped.yaml write_file -p path=/etc/passwd",
        "  ape explain policies/filesystem_scoped.yaml write_file -p path=/tmp/a.txt",
        "  ape init --template filesystem_scoped -o policies/files.yaml",
        "  ape mcp-scan ~/.config/Claude/claude_desktop_config.json -o policies/mcp.yaml",
        "  ape gateway install --client claude-desktop --policy policies/mcp.yaml --dry-run",
        "  source <(ape generate-completion)",
        "",
        "Every command accepts --help. With --json a command prints one JSON",
        "document on stdout and nothing else (errors too: {\"error\": {...}}).",
        "Colour is used only on a terminal, never when NO_COLOR is set.",
        "--verbose or APE_DEBUG=1 adds stack traces of errors on stderr."
    })
public final class ApeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error (also APE_DEBUG=1).")
  boolean verbose;

  private final CliContext context;

  /** A root command for the given context. */
  public ApeCommand(CliContext context) {
    this.context = context;
  }

  /** Runs {@code ape} with the process environment and exits with the command's exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int exitCode = run(args, CliContext.system(), out, err);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /**
   * Runs {@code ape} in-process.
   *
   * @return the exit code (see {@link ExitCode})
   */
  public static int run(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(context, out, err);
    try {
      return commandLine.execute(args);
    } catch (Throwable t) {
      // Errors (StackOverflowError, OutOfMemoryError, linkage problems) bypass picocli's handler.
      CliError error = ErrorMapper.map(t);
      ErrorReporter.report(commandLine, error, ErrorReporter.containsOption(args, "--json"));
      if (context.environment().debug() || ErrorReporter.containsOption(args, "--verbose")) {
        t.printStackTrace(err);
        err.flush();
      }
      return error.exitCode();
    }
  }

  /** A fully configured command line: writers, colours, error handling, exit-code help. */
  public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new ApeCommand(context));
    ErrorReporter reporter = new ErrorReporter(context.environment());
    CommandLine.Help.Ansi ansi = context.environment().colourEnabled()
        ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    commandLine.setOut(out)
        .setErr(err)
        .setColorScheme(CommandLine.Help.defaultColorScheme(ansi))
        .setExecutionExceptionHandler(reporter)
        .setParameterExceptionHandler(reporter)
        .setExpandAtFiles(false);
    documentExitCodes(commandLine);
    return commandLine;
  }

  private static void documentExitCodes(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.descriptions());
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      documentExitCodes(sub);
    }
  }

  /** The context of this run. */
  CliContext context() {
    return context;
  }

  /** Whether {@code --verbose} was given. */
  boolean verbose() {
    return verbose;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
