package io.ape.cli;

import io.ape.api.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape diff A B [--json]}. */
@Command(
    name = "diff",
    header = "Show how two policies differ, section by section.",
    description = "Compares every section: name, version, description, default decision, the "
        + "three action lists, rules (by id; added, removed, changed, reordered within an "
        + "action), tool transitions, rate limits, audit settings and metadata. '+' is "
        + "only in B, '-' only in A, '~' changed. Text values (name, version, description) "
        + "are shown quoted, with newlines and other control characters escaped (\\n, \\t, "
        + "\\uXXXX). Without --exit-code the command exits 0 whether or not the policies "
        + "differ; with --exit-code it exits 1 when they differ and 0 when they are equal in "
        + "every section, as `git diff --exit-code` does (so 1 also means an error).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape diff policies/minimal_safe.yaml policies/read_only.yaml",
        "  ape diff old.yaml new.yaml --json",
        "  ape diff --exit-code old.yaml new.yaml > /dev/null || echo 'the policy changed'"
    })
final class DiffCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "A", description = "The first (old) policy file.")
  Path first;

  @Parameters(index = "1", paramLabel = "B", description = "The second (new) policy file.")
  Path second;

  @Option(names = "--json", description = "Print the differences as JSON on stdout, and nothing else.")
  boolean json;

  @Option(names = "--exit-code", description = "Exit 1 when the policies differ, 0 when they are "
      + "equal in every section (without it: 0 either way).")
  boolean exitCode;

  @Override
  public Integer call() {
    Output out = output(json);
    Policy a;
    Policy b;
    try (LoadedPolicy la = load(first); LoadedPolicy lb = load(second)) {
      a = la.policy();
      b = lb.policy();
    }
    PolicyDiff diff = PolicyDiff.between(a, b);
    if (out.isJson()) {
      Map<String, Object> doc = new java.util.LinkedHashMap<>();
      doc.put("a", Map.of("file", a.source().name(), "sha256", a.version()));
      doc.put("b", Map.of("file", b.source().name(), "sha256", b.version()));
      doc.putAll(diff.toJson());
      out.json(doc);
      return result(diff);
    }
    out.line("--- " + Text.printable(a.source().name()));
    out.line("+++ " + Text.printable(b.source().name()));
    if (diff.isEmpty()) {
      out.line(a.version().equals(b.version()) ? "The files are identical."
          : "No differences in any section.");
      return result(diff);
    }
    diff.header().forEach((k, v) -> out.line(out.bold(k) + ": " + text(v.before()) + " -> "
        + text(v.after())));
    if (diff.defaultDecision() != null) {
      value(out, "default_decision", diff.defaultDecision());
    }
    list(out, "allowed_actions", diff.allowedActions());
    list(out, "forbidden_actions", diff.forbiddenActions());
    list(out, "escalation_required", diff.escalationRequired());
    if (!diff.rules().isEmpty()) {
      out.line(out.bold("rules"));
      diff.rules().added().forEach(id -> out.line("  + " + Text.printable(id)));
      diff.rules().removed().forEach(id -> out.line("  - " + Text.printable(id)));
      for (PolicyDiff.RuleChange c : diff.rules().changed()) {
        out.line("  ~ " + Text.printable(c.id()));
        c.changes().forEach(ch -> out.line("      " + Text.printable(ch)));
      }
      diff.rules().reorderedActions().forEach(action -> out.line("  ~ rules for "
          + Text.printable(action) + " are in a different order (the first match decides)"));
    }
    if (!diff.toolTransitions().isEmpty()) {
      out.line(out.bold("tool_transitions"));
      for (PolicyDiff.TransitionChange t : diff.toolTransitions()) {
        out.line("  ~ " + Text.printable(t.tool()) + ": " + successors(t.before()) + " -> "
            + successors(t.after()));
      }
    }
    list(out, "rate_limits", diff.rateLimits());
    if (diff.maxCumulativeRisk() != null) {
      value(out, "rate_limits.max_cumulative_risk", diff.maxCumulativeRisk());
    }
    list(out, "audit.redact", diff.auditRedact());
    if (!diff.metadata().isEmpty()) {
      out.line(out.bold("metadata"));
      diff.metadata().added().forEach(k -> out.line("  + " + Text.printable(k)));
      diff.metadata().removed().forEach(k -> out.line("  - " + Text.printable(k)));
      diff.metadata().changed().forEach(k -> out.line("  ~ " + Text.printable(k)));
    }
    out.flush();
    return result(diff);
  }

  /** 0, or with {@code --exit-code} 1 when the policies differ. */
  private int result(PolicyDiff diff) {
    return exitCode && !diff.isEmpty() ? ExitCode.FLAGGED : ExitCode.OK;
  }

  private static String text(Object value) {
    return value instanceof String s ? Text.quoted(s) : Text.printable(value);
  }

  private static void value(Output out, String name, PolicyDiff.ValueChange v) {
    out.line(out.bold(name) + ": " + Text.printable(v.before()) + " -> " + Text.printable(v.after()));
  }

  private static void list(Output out, String name, PolicyDiff.ListChange c) {
    if (c.isEmpty()) {
      return;
    }
    out.line(out.bold(name));
    c.added().forEach(x -> out.line("  + " + Text.printable(x)));
    c.removed().forEach(x -> out.line("  - " + Text.printable(x)));
  }

  private static String successors(List<String> next) {
    if (next == null) {
      return "(any tool)";
    }
    return next.isEmpty() ? "(no tool)" : Text.printable("[" + String.join(", ", next) + "]");
  }
}
