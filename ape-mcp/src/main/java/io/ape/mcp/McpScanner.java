package io.ape.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the servers of an MCP configuration for their tools.
 *
 * <p>Without {@linkplain Builder#connect(boolean) connect}, no server is contacted: tools come
 * from an entry's {@code tools} list or from a built-in catalogue of well-known servers (matched
 * by package, or by exact name), and the result says that it is inferred. With connect, each
 * server is started (stdio) or connected to (SSE, streamable HTTP) and asked for its tools.
 *
 * <p>Guarantees of a connected scan: each server gets at most {@linkplain Builder#timeout(Duration)
 * the time limit} (measured from its start); a server that cannot start, fails, or hangs is
 * reported with its status and the other servers are still scanned; every process the scan
 * started, and every process under it, is killed before {@link #scan} returns. {@link #scan} never
 * throws for a server's failure. Instances are immutable and thread-safe.
 */
public final class McpScanner {
  /** Default time limit per server. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(McpScanner.class);

  private final boolean connect;
  private final Duration timeout;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final McpServerConnector connector;
  private final int parallelism;
  private final ToolCatalogue catalogue;

  private McpScanner(Builder b) {
    this.connect = b.connect;
    this.timeout = b.timeout;
    this.workingDirectory = b.workingDirectory;
    this.environment = b.environment;
    this.connector = b.connector;
    this.parallelism = b.parallelism;
    this.catalogue = ToolCatalogue.builtIn();
  }

  /** A builder with the defaults: no connect, 30 s per server, the current directory. */
  public static Builder builder() {
    return new Builder();
  }

  /** Scans every server of the configuration. */
  public ScanResult scan(McpConfig config) {
    Objects.requireNonNull(config, "config");
    List<String> warnings = new ArrayList<>(config.warnings());
    List<ServerScan> scans = withShadowing(connect ? scanConnected(config) : scanInferred(config));
    if (!connect) {
      warnings.add(0, "tools were NOT read from the servers: they are inferred from the server entries "
          + "and a built-in catalogue of well-known servers, and may be incomplete or wrong; "
          + "scan with --connect to read them");
    }
    for (ServerScan s : scans) {
      switch (s.status()) {
        case FAILED:
        case TIMED_OUT:
          warnings.add("server '" + printable(s.name()) + "' could not be scanned (" + s.status()
              + "): " + s.message() + "; its tools are denied by default");
          break;
        case UNKNOWN:
          warnings.add("server '" + printable(s.name()) + "': " + s.message());
          break;
        case INFERRED:
          if (s.tools().stream().anyMatch(t -> t.source() == ToolSource.CATALOGUE_GUESS)) {
            warnings.add("server '" + printable(s.name()) + "' was matched to the catalogue by its"
                + " name only: its tools are a GUESS, not a fact (escalated, never allowed)");
          }
          break;
        case SKIPPED:
          warnings.add("server '" + printable(s.name()) + "' was skipped: " + s.message());
          break;
        default:
          break;
      }
    }
    ScanResult draft = new ScanResult(config.sourceName(), config.format(),
        connect ? ScanMode.CONNECTED : ScanMode.INFERRED, scans, List.of());
    for (ServerScan s : scans) {
      for (ScannedTool t : s.tools()) {
        if (!t.poisoning().isEmpty()) {
          warnings.add("tool '" + printable(t.name()) + "' of server '" + printable(s.name())
              + "' shows signs of hidden instructions (tool poisoning): "
              + t.poisoning().get(0).describe()
              + (t.poisoning().size() > 1 ? " (and " + (t.poisoning().size() - 1) + " more)" : ""));
        }
      }
    }
    for (ToolNameCollision c : draft.collisions()) {
      warnings.add("tool '" + printable(c.tool()) + "' is offered by " + c.servers().size()
          + " servers (" + String.join(", ", c.servers()) + "); the policy names each as server.tool");
    }
    return new ScanResult(config.sourceName(), config.format(), draft.mode(), scans, warnings);
  }

  private List<ServerScan> scanInferred(McpConfig config) {
    List<ServerScan> out = new ArrayList<>();
    for (McpServerConfig s : config.servers()) {
      ServerScan skipped = skipped(s, false);
      if (skipped != null) {
        out.add(skipped);
        continue;
      }
      if (!s.declaredTools().isEmpty()) {
        List<ScannedTool> tools = new ArrayList<>();
        s.declaredTools().forEach(n -> tools.add(ScannedTool.nameOnly(n, ToolSource.CONFIG)));
        ServerTools clean = ServerText.clean(new ServerTools("", tools, List.of()), secretsOf(s));
        List<String> notes = new ArrayList<>();
        notes.add("tools from the entry's tools list (names only: hints and parameters unknown)");
        notes.addAll(clean.notes());
        out.add(scan(s, ServerStatus.INFERRED, String.join("; ", notes), "", clean.tools()));
        continue;
      }
      ToolCatalogue.Match m = catalogue.find(s).orElse(null);
      if (m == null) {
        out.add(scan(s, ServerStatus.UNKNOWN,
            "not a well-known server: its tools are unknown without --connect, and all are denied",
            "", List.of()));
      } else if (m.byNameOnly()) {
        List<ScannedTool> guessed = new ArrayList<>();
        m.entry().tools().forEach(t -> guessed.add(new ScannedTool(t.name(), t.title(),
            t.description(), t.inputSchema(), t.hints(), ToolSource.CATALOGUE_GUESS, t.schemaProblem())));
        out.add(scan(s, ServerStatus.INFERRED, "GUESS: matched to the catalogue entry '"
            + m.entry().id() + "' by " + m.how() + ", not by the package it runs; its real tools"
            + " may differ, so none is allowed (all escalated); scan with --connect", "", guessed));
      } else {
        out.add(scan(s, ServerStatus.INFERRED, "tools inferred from the catalogue entry '"
            + m.entry().id() + "' (" + m.entry().note() + "), matched by " + m.how(), "",
            m.entry().tools()));
      }
    }
    return out;
  }

  private ServerScan skipped(McpServerConfig s, boolean connecting) {
    if (!s.problem().isEmpty()) {
      return scan(s, ServerStatus.SKIPPED, "the entry cannot be used: " + s.problem(), "", List.of());
    }
    if (s.disabled()) {
      return scan(s, ServerStatus.SKIPPED, "disabled in the configuration", "", List.of());
    }
    if (connecting && !s.inputRefs().isEmpty()) {
      List<String> ids = new ArrayList<>();
      s.inputRefs().forEach(i -> ids.add(printable(i)));
      return scan(s, ServerStatus.SKIPPED, "needs the VS Code input(s) " + String.join(", ", ids)
          + ", which only the editor can prompt for", "", List.of());
    }
    return null;
  }

  private static ServerScan scan(McpServerConfig s, ServerStatus status, String message, String info,
      List<ScannedTool> tools) {
    return new ServerScan(s.name(), s.scope(), s.transport(), status, message, info, tools);
  }

  private List<ServerScan> scanConnected(McpConfig config) {
    List<McpServerConfig> servers = config.servers();
    if (servers.isEmpty()) {
      return List.of();
    }
    ConnectSettings settings = new ConnectSettings(workingDirectory, environment, timeout);
    ExecutorService scanners = Executors.newFixedThreadPool(
        Math.min(parallelism, servers.size()), daemonThreads("ape-mcp-scan"));
    ExecutorService calls = Executors.newCachedThreadPool(daemonThreads("ape-mcp-call"));
    try {
      List<Future<ServerScan>> futures = new ArrayList<>();
      for (McpServerConfig s : servers) {
        futures.add(scanners.submit(() -> connectOne(s, settings, calls)));
      }
      List<ServerScan> out = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        out.add(await(futures.get(i), servers.get(i)));
      }
      return out;
    } finally {
      scanners.shutdownNow();
      calls.shutdownNow();
    }
  }

  private static ServerScan await(Future<ServerScan> f, McpServerConfig s) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return scan(s, ServerStatus.FAILED, "the scan was interrupted", "", List.of());
    } catch (ExecutionException e) {
      LOG.debug("scan of MCP server '{}' failed", printable(s.name()), e.getCause());
      return scan(s, ServerStatus.FAILED, "internal error: " + e.getCause().getClass().getSimpleName(),
          "", List.of());
    }
  }

  private ServerScan connectOne(McpServerConfig s, ConnectSettings settings, ExecutorService calls) {
    ServerScan skipped = skipped(s, true);
    if (skipped != null) {
      return skipped;
    }
    List<String> secrets = secretsOf(s);
    McpServerConnection conn;
    try {
      conn = connector.open(s, settings);
    } catch (RuntimeException e) {
      return scan(s, ServerStatus.FAILED, safeMessage(e, secrets), "", List.of());
    }
    CompletableFuture<ServerTools> call = new CompletableFuture<>();
    try {
      calls.execute(() -> {
        try {
          call.complete(conn.listTools());
        } catch (Exception | LinkageError e) {
          call.completeExceptionally(e);
        }
      });
      ServerTools tools = ServerText.clean(withPoisoning(call.get(timeout.toMillis(),
          TimeUnit.MILLISECONDS)), secrets);
      String message = String.join("; ", tools.notes());
      return scan(s, ServerStatus.CONNECTED, message, tools.serverInfo(), tools.tools());
    } catch (TimeoutException e) {
      return scan(s, ServerStatus.TIMED_OUT, "no answer within " + describe(timeout)
          + "; the server was stopped", "", List.of());
    } catch (ExecutionException e) {
      return scan(s, ServerStatus.FAILED, safeMessage(e.getCause(), secrets), "", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return scan(s, ServerStatus.FAILED, "the scan was interrupted", "", List.of());
    } finally {
      call.cancel(true);
      conn.close();
    }
  }

  /**
   * Each tool with the signs of poisoning in its raw text (before {@link ServerText} removes the
   * invisible characters and cuts the description that the detector looks at).
   */
  private static ServerTools withPoisoning(ServerTools raw) {
    ToolPoisoningDetector detector = new ToolPoisoningDetector();
    List<ScannedTool> out = new ArrayList<>(raw.tools().size());
    for (ScannedTool t : raw.tools()) {
      out.add(t.withPoisoning(detector.inspect(t)));
    }
    return new ServerTools(raw.serverInfo(), out, raw.notes());
  }

  /**
   * Adds, per server, a finding for each tool whose description names a tool of another server
   * (shadowing), which only the whole scan can see.
   */
  private static List<ServerScan> withShadowing(List<ServerScan> scans) {
    List<ServerScan> out = new ArrayList<>(scans.size());
    for (ServerScan s : scans) {
      List<String> foreign = new ArrayList<>();
      for (ServerScan other : scans) {
        if (!other.name().equals(s.name())) {
          other.tools().forEach(t -> foreign.add(t.name()));
        }
      }
      if (foreign.isEmpty() || s.tools().isEmpty()) {
        out.add(s);
        continue;
      }
      ToolPoisoningDetector detector = new ToolPoisoningDetector(foreign);
      List<ScannedTool> tools = new ArrayList<>();
      for (ScannedTool t : s.tools()) {
        List<PoisoningFinding> found = new ArrayList<>(t.poisoning());
        if (found.stream().noneMatch(f -> f.kind() == PoisoningKind.OTHER_TOOL_INSTRUCTIONS)) {
          detector.inspect(t.name(), null, t.description(), null).stream()
              .filter(f -> f.kind() == PoisoningKind.OTHER_TOOL_INSTRUCTIONS).findFirst()
              .ifPresent(found::add);
        }
        tools.add(found.size() == t.poisoning().size() ? t : t.withPoisoning(found));
      }
      out.add(new ServerScan(s.name(), s.scope(), s.transport(), s.status(), s.message(),
          s.serverInfo(), tools));
    }
    return out;
  }

  private static String safeMessage(Throwable e, List<String> secrets) {
    String m = e instanceof McpConnectException ? e.getMessage()
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return TextSafety.scrub(m, secrets);
  }

  /**
   * The values of the server's {@code env} and {@code headers}, as written and as the server
   * receives them ({@code ${VAR}} expanded), that are masked in everything the server reports.
   */
  private List<String> secretsOf(McpServerConfig s) {
    List<String> out = new ArrayList<>(s.secretTexts());
    ConfigVariables vars = new ConfigVariables(environment, workingDirectory.toString());
    List<String> raw = new ArrayList<>(s.env().reveal().values());
    raw.addAll(s.headers().reveal().values());
    for (String v : raw) {
      try {
        String expanded = vars.expand(s.name(), v);
        if (!expanded.isBlank() && !out.contains(expanded)) {
          out.add(expanded);
        }
      } catch (McpConnectException e) {
        // Unresolvable (unset variable, VS Code input): the server cannot receive it either,
        // so only its written form, already in the list, can be echoed.
        LOG.trace("server '{}': a value cannot be expanded for masking", printable(s.name()));
      }
    }
    return out;
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String printable(String s) {
    return io.ape.api.ActionIds.printable(s);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures a {@link McpScanner}. Not thread-safe; build once, share the scanner. */
  public static final class Builder {
    private boolean connect;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private Map<String, String> environment = System.getenv();
    private McpServerConnector connector = new SdkServerConnector();
    private int parallelism = 4;

    private Builder() {}

    /** Whether to start or connect to the servers (default {@code false}: infer tools). */
    public Builder connect(boolean connect) {
      this.connect = connect;
      return this;
    }

    /** The time limit per server, from its start (default 30 s). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Where stdio servers start, and what relative {@code cwd} entries resolve against. */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
      return this;
    }

    /** The variables available to {@code ${VAR}} in entries (default: the process environment). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** How servers are reached (default: the MCP Java SDK). */
    public Builder connector(McpServerConnector connector) {
      this.connector = Objects.requireNonNull(connector, "connector");
      return this;
    }

    /** How many servers are scanned at once (default 4). */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** Builds the scanner. */
    public McpScanner build() {
      return new McpScanner(this);
    }
  }
}
