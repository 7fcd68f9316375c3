package io.ape.agentdojo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.ape.AgentDojoPolicies;
import io.ape.agentdojo.ape.ApeToolCallers;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.data.TaskDefinition;
import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.BenchmarkRunner;
import io.ape.agentdojo.run.CustomInjection;
import io.ape.agentdojo.run.DirectToolCaller;
import io.ape.agentdojo.run.LostUserTask;
import io.ape.agentdojo.run.SelfTest;
import io.ape.agentdojo.run.ToolCallerFactory;
import io.ape.agentdojo.suites.SuiteCatalog;
import io.ape.agentdojo.suites.Suites;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the benchmark (also reachable as {@code ape agentdojo}):
 *
 * <pre>
 * agentdojo --data DIR [--suite S]... [--version v1|v1.2.1] [--injections FILE]
 *           [--caller both|direct|ape] [--policies DIR] [--json] [--out FILE] [--self-test]
 * </pre>
 *
 * <p>Runs the benchmark without APE (the baseline, {@code direct}) and with APE ({@code ape}: the
 * engine's guarded call, the per-suite policies of {@code --policies DIR}, default the bundled
 * {@code policies/agentdojo}), or only one of them ({@code --caller}). Prints the summary table of
 * each and the user tasks APE loses, with the rule and reason of each refused call (or, with
 * {@code --json}, one JSON document with the summaries, the lost user tasks and every per-pair
 * result); {@code --out FILE} also writes that JSON document to a file. {@code
 * --self-test} runs AgentDojo's {@code TaskSuite.check} instead. Exit codes: 0 done, 1 some run
 * failed in the harness (or the self-test failed), 2 bad usage, 3 bad data.
 *
 * @since 0.2.0
 */
public final class AgentDojoCli {
  /** Done. */
  public static final int OK = 0;
  /** A run failed in the harness, or the self-test failed. */
  public static final int FAILED = 1;
  /** Bad usage. */
  public static final int USAGE = 2;
  /** The data or an injections file is missing or malformed. */
  public static final int BAD_DATA = 3;

  private static final String USAGE_TEXT =
      "usage: agentdojo --data DIR [--suite S]... [--version v1|v1.2.1] [--injections FILE]"
          + " [--caller both|direct|ape] [--policies DIR] [--json] [--out FILE] [--self-test]";

  private AgentDojoCli() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command with the given streams; the runs are those of {@code --caller} (default:
   * the baseline and APE with the policies of {@code --policies}, default the bundled ones).
   * Returns the exit code.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, null, Suites.builtIn());
  }

  /** Runs the command with the given streams, the suites of {@code catalog} and {@code --caller}'s runs. */
  public static int run(String[] args, PrintStream out, PrintStream err, SuiteCatalog catalog) {
    return run(args, out, err, null, catalog);
  }

  /** Runs the command with the given streams and only the given tool callers; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, ToolCallerFactory callers) {
    return run(args, out, err, callers, Suites.builtIn());
  }

  /**
   * Runs the command with the suites of {@code catalog}; with {@code callers} non-null, only with
   * those tool callers (and {@code --caller} and {@code --policies} are ignored). Returns the exit
   * code.
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, ToolCallerFactory callers, SuiteCatalog catalog) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("agentdojo: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    if (o.help) {
      out.println(USAGE_TEXT);
      return OK;
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      BenchmarkData data = BenchmarkData.load(o.data);
      if (o.selfTest) {
        return selfTest(data, o, out, catalog);
      }
      List<CustomInjection> custom = o.injections == null ? List.of() : CustomInjection.load(o.injections);
      List<ToolCallerFactory> factories = new ArrayList<>();
      if (callers != null) {
        factories.add(callers);
      } else {
        if (!o.caller.equals("ape")) {
          factories.add(DirectToolCaller.factory());
        }
        if (!o.caller.equals("direct")) {
          ApeToolCallers ape = ApeToolCallers.of(
              o.policies == null ? AgentDojoPolicies.bundled() : AgentDojoPolicies.directory(o.policies));
          opened.add(ape);
          factories.add(ape);
        }
      }
      BenchmarkRunner.Options options = new BenchmarkRunner.Options(o.suites, o.version, custom);
      List<BenchmarkReport> reports = new ArrayList<>();
      for (ToolCallerFactory f : factories) {
        reports.add(new BenchmarkRunner(data, f, catalog).run(options));
      }
      List<LostUserTask> lost = lostUserTasks(data, reports);
      String json = json(reports, lost);
      if (o.out != null) {
        Files.writeString(o.out, json);
      }
      out.print(o.json ? json + System.lineSeparator() : ReportText.tables(reports, lost));
      return reports.stream().anyMatch(BenchmarkReport::hasErrors) ? FAILED : OK;
    } catch (AgentDojoException e) {
      err.println("agentdojo: " + e.getMessage());
      return BAD_DATA;
    } catch (IOException e) {
      err.println("agentdojo: cannot write " + o.out + ": " + e.getMessage());
      return BAD_DATA;
    } finally {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception e) {
          err.println("agentdojo: " + e);
        }
      }
    }
  }

  /**
   * The user tasks the first report (the baseline) meets and a later one does not; empty unless
   * there are at least two reports.
   */
  public static List<LostUserTask> lostUserTasks(BenchmarkData data, List<BenchmarkReport> reports) {
    if (reports.size() < 2) {
      return List.of();
    }
    String version = reports.get(0).version();
    return LostUserTask.between(reports.get(0), reports.get(reports.size() - 1), (suite, id) -> data.suite(suite)
        .userTask(id).effective(version).map(TaskDefinition::text).orElse("").strip());
  }

  private static int selfTest(BenchmarkData data, Options o, PrintStream out, SuiteCatalog catalog)
      throws IOException {
    List<String> suites = o.suites.isEmpty()
        ? new BenchmarkRunner(data, DirectToolCaller.factory(), catalog).implementedSuites() : o.suites;
    List<SelfTest.Result> results = new ArrayList<>();
    for (String suite : suites) {
      results.add(SelfTest.check(data, suite, o.version, catalog));
    }
    String json = selfTestJson(results);
    if (o.out != null) {
      Files.writeString(o.out, json);
    }
    out.print(o.json ? json + System.lineSeparator() : ReportText.selfTest(results));
    return results.stream().allMatch(SelfTest.Result::passed) ? OK : FAILED;
  }

  /** The JSON document of one report (see {@link #json(List, List)}). */
  public static String json(BenchmarkReport report) throws IOException {
    return json(List.of(report), List.of());
  }

  /**
   * The JSON document of the reports: {@code summary} (per tool caller, e.g. {@code direct} and
   * {@code ape}: per suite and total), {@code custom_summary} likewise when there are injection
   * tasks from {@code --injections}, {@code lost_user_tasks} (benign utility the later caller
   * loses, with the rule and reason of each refused call), and {@code reports} (per caller, every
   * benign and attacked run).
   */
  public static String json(List<BenchmarkReport> reports, List<LostUserTask> lost) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Object> customSummary = new LinkedHashMap<>();
    Map<String, Object> all = new LinkedHashMap<>();
    String version = "";
    for (BenchmarkReport report : reports) {
      version = report.version();
      Map<String, Object> s = new LinkedHashMap<>();
      report.suites().forEach(x -> s.put(x.suite(), x.score()));
      s.put("total", report.total());
      summary.put(report.caller(), s);
      if (report.customTotal().pairs() > 0) {
        Map<String, Object> c = new LinkedHashMap<>();
        report.suites().forEach(x -> c.put(x.suite(), x.customScore()));
        c.put("total", report.customTotal());
        customSummary.put(report.caller(), c);
      }
      all.put(report.caller(), report);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "agentdojo");
    doc.put("version", version);
    doc.put("summary", summary);
    if (!customSummary.isEmpty()) {
      doc.put("custom_summary", customSummary);
    }
    if (reports.size() > 1) {
      doc.put("lost_user_tasks", lost);
    }
    doc.put("reports", all);
    return mapper().writeValueAsString(doc);
  }

  /** The JSON document of self-test results: {@code {"self_test": [...]}}. */
  public static String selfTestJson(List<SelfTest.Result> results) throws IOException {
    return mapper().writeValueAsString(Map.of("self_test", results));
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }

  private static final class Options {
    Path data;
    final List<String> suites = new ArrayList<>();
    String version = "v1";
    Path injections;
    Path out;
    Path policies;
    String caller = "both";
    boolean json;
    boolean selfTest;
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--data" -> o.data = Path.of(value(args, ++i, a));
          case "--suite" -> o.suites.add(value(args, ++i, a));
          case "--version" -> o.version = value(args, ++i, a);
          case "--injections" -> o.injections = Path.of(value(args, ++i, a));
          case "--out" -> o.out = Path.of(value(args, ++i, a));
          case "--policies" -> o.policies = Path.of(value(args, ++i, a));
          case "--caller" -> {
            o.caller = value(args, ++i, a);
            if (!List.of("both", "direct", "ape").contains(o.caller)) {
              throw new IllegalArgumentException("--caller must be both, direct or ape, not '" + o.caller + "'");
            }
          }
          case "--json" -> o.json = true;
          case "--self-test" -> o.selfTest = true;
          case "-h", "--help" -> o.help = true;
          default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
      }
      if (o.data == null && !o.help) {
        throw new IllegalArgumentException("--data DIR is required");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
