package io.ape.agentdojo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.BenchmarkRunner;
import io.ape.agentdojo.run.CustomInjection;
import io.ape.agentdojo.run.DirectToolCaller;
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
 * agentdojo --data DIR [--suite S]... [--version v1|v1.2.1] [--injections FILE] [--json] [--out FILE] [--self-test]
 * </pre>
 *
 * <p>Prints the summary table (or, with {@code --json}, one JSON document with the summary and
 * every per-pair result); {@code --out FILE} also writes that JSON document to a file. {@code
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
          + " [--json] [--out FILE] [--self-test]";

  private AgentDojoCli() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, DirectToolCaller.factory()));
  }

  /** Runs the command with the given streams and tool callers; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, ToolCallerFactory callers) {
    return run(args, out, err, callers, Suites.builtIn());
  }

  /** Runs the command with the suites of {@code catalog}; returns the exit code. */
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
    try {
      BenchmarkData data = BenchmarkData.load(o.data);
      if (o.selfTest) {
        return selfTest(data, o, out, catalog);
      }
      List<CustomInjection> custom = o.injections == null ? List.of() : CustomInjection.load(o.injections);
      BenchmarkReport report =
          new BenchmarkRunner(data, callers, catalog).run(new BenchmarkRunner.Options(o.suites, o.version, custom));
      String json = json(report);
      if (o.out != null) {
        Files.writeString(o.out, json);
      }
      out.print(o.json ? json + System.lineSeparator() : ReportText.table(report));
      return report.hasErrors() ? FAILED : OK;
    } catch (AgentDojoException e) {
      err.println("agentdojo: " + e.getMessage());
      return BAD_DATA;
    } catch (IOException e) {
      err.println("agentdojo: cannot write " + o.out + ": " + e.getMessage());
      return BAD_DATA;
    }
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

  /** The JSON document of a report: {@code summary} (per suite and total) and {@code report}. */
  public static String json(BenchmarkReport report) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    report.suites().forEach(s -> summary.put(s.suite(), s.score()));
    summary.put("total", report.total());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "agentdojo");
    doc.put("version", report.version());
    doc.put("summary", summary);
    if (report.customTotal().pairs() > 0) {
      Map<String, Object> custom = new LinkedHashMap<>();
      report.suites().forEach(s -> custom.put(s.suite(), s.customScore()));
      custom.put("total", report.customTotal());
      doc.put("custom_summary", custom);
    }
    doc.put("report", report);
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
