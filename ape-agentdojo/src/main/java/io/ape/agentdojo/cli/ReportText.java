package io.ape.agentdojo.cli;

import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.LostUserTask;
import io.ape.agentdojo.run.RefusedCall;
import io.ape.agentdojo.run.Score;
import io.ape.agentdojo.run.SelfTest;
import io.ape.agentdojo.run.SuiteReport;
import java.util.List;
import java.util.Locale;

/**
 * The human-readable tables of a benchmark run and of a self-test.
 *
 * @since 0.2.0
 */
public final class ReportText {
  private ReportText() {}

  /** The summary tables of the runs, then the lost user tasks (if any were computed). */
  public static String tables(List<BenchmarkReport> reports, List<LostUserTask> lost) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < reports.size(); i++) {
      if (i > 0) {
        b.append(String.format(Locale.ROOT, "%n"));
      }
      b.append(table(reports.get(i)));
    }
    if (reports.size() > 1) {
      b.append(String.format(Locale.ROOT, "%n")).append(lostUserTasks(lost));
    }
    return b.toString();
  }

  /** The user tasks the enforcement point loses, each with the refused calls of its benign run. */
  public static String lostUserTasks(List<LostUserTask> lost) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "user tasks the baseline completes and APE does not: %d%n", lost.size()));
    for (LostUserTask t : lost) {
      b.append(String.format(Locale.ROOT, "  %s/%s: %s%n", t.suite(), t.userTask(), abbreviate(t.prompt(), 100)));
      if (t.refusals().isEmpty()) {
        b.append(String.format(Locale.ROOT, "      no call refused (the check fails on what was allowed)%n"));
      }
      for (RefusedCall r : t.refusals()) {
        b.append(String.format(Locale.ROOT, "      %s %s by %s: %s%n", r.tool(), r.kind(),
            r.rule().isEmpty() ? "-" : r.rule(), why(r)));
      }
    }
    return b.toString();
  }

  /** The gist of a refusal: which parameter was not trusted, else the reason (abbreviated). */
  private static String why(RefusedCall r) {
    String reason = r.reason();
    int but = reason.lastIndexOf(", but ");
    return but >= 0 ? abbreviate(reason.substring(but + 6), 120) : abbreviate(reason, 120);
  }

  private static String abbreviate(String s, int max) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }

  /** The summary table of a run: per suite and in total. */
  public static String table(BenchmarkReport report) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "AgentDojo %s, scripted worst-case agent, tool caller '%s', attack %s (%s to %s)%n",
        report.version(), report.caller(), report.attack(), report.userName(), report.modelName()));
    b.append(String.format(Locale.ROOT, "%-10s %6s %22s %6s %22s %22s%n",
        "suite", "tasks", "benign utility", "pairs", "utility under attack", "attack success (ASR)"));
    for (SuiteReport s : report.suites()) {
      row(b, s.suite(), s.score());
    }
    row(b, "total", report.total());
    if (report.customTotal().pairs() > 0) {
      b.append(String.format(Locale.ROOT, "%ninjection tasks from --injections:%n"));
      for (SuiteReport s : report.suites()) {
        if (s.customScore().pairs() > 0) {
          customRow(b, s.suite(), s.customScore());
        }
      }
      customRow(b, "total", report.customTotal());
    }
    if (report.hasErrors()) {
      b.append(String.format(Locale.ROOT, "%nharness errors: %d run(s) could not be completed (see the JSON)%n",
          report.total().errors() + report.customTotal().errors()));
    }
    b.append(String.format(Locale.ROOT, "(%d ms)%n", report.elapsedMillis()));
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Score s) {
    b.append(String.format(Locale.ROOT, "%-10s %6d %22s %6d %22s %22s%n",
        name, s.userTasks(), ratio(s.benignUtility(), s.userTasks()), s.pairs(),
        ratio(s.utilityUnderAttack(), s.pairs()), ratio(s.attackSuccesses(), s.pairs())));
  }

  private static void customRow(StringBuilder b, String name, Score s) {
    b.append(String.format(Locale.ROOT, "%-10s %6s %22s %6d %22s %22s%n",
        name, "", "", s.pairs(), ratio(s.utilityUnderAttack(), s.pairs()), ratio(s.attackSuccesses(), s.pairs())));
  }

  private static String ratio(int n, int d) {
    return String.format(Locale.ROOT, "%d/%d %5.1f%%", n, d, d == 0 ? 0.0 : 100.0 * n / d);
  }

  /** The result of self-tests, one line per suite and version, then every failing task. */
  public static String selfTest(List<SelfTest.Result> results) {
    StringBuilder b = new StringBuilder();
    for (SelfTest.Result r : results) {
      long users = r.userTasks().stream().filter(SelfTest.TaskCheck::passed).count();
      long injections = r.injectionTasks().stream().filter(SelfTest.TaskCheck::passed).count();
      long notInjectable = r.userTasks().stream().filter(c -> !c.injectable()).count();
      b.append(String.format(Locale.ROOT,
          "%-10s %-7s user tasks %d/%d, injection tasks %d/%d%s%s%n",
          r.suite(), r.version(), users, r.userTasks().size(), injections, r.injectionTasks().size(),
          notInjectable > 0 ? ", not injectable: " + notInjectable : "",
          r.passed() ? "  ok" : "  FAILED"));
      for (SelfTest.TaskCheck c : r.failures()) {
        b.append(String.format(Locale.ROOT, "    %s: %s%n", c.id(), c.reason()));
      }
    }
    return b.toString();
  }
}
