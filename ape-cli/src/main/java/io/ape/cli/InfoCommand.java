package io.ape.cli;

import io.ape.api.ConditionSpec;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.RateLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape info POLICY [--json]}. */
@Command(
    name = "info",
    header = "Show every section of a policy.",
    description = "Prints the policy's name, version, digest, default decision, the three action "
        + "lists, the rules with their conditions, tool transitions, rate limits, audit "
        + "settings and metadata, in file order.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape info policies/read_only.yaml",
        "  ape info policies/read_only.yaml --json"
    })
final class InfoCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Option(names = "--json", description = "Print the policy as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    Policy p;
    List<PolicyProblem> findings;
    try (LoadedPolicy loaded = load(policy)) {
      p = loaded.policy();
      findings = PolicyLint.findings(loaded);
    }
    if (out.isJson()) {
      Map<String, Object> doc = Views.policy(p);
      doc.put("warnings", findings.stream().map(Views::problem).toList());
      out.json(doc);
      return ExitCode.OK;
    }
    out.line(out.bold("Policy") + "       " + Text.printable(p.source().name()) + " ("
        + p.source().format() + ")");
    out.line("sha256       " + p.version());
    field(out, "name", p.name());
    field(out, "version", p.declaredVersion());
    field(out, "description", p.description());
    out.line("default      " + p.defaultDecision().keyword()
        + (p.isDefaultAllow() ? out.yellow("  (default allow: development only)") : ""));
    list(out, "allowed_actions", p.allowedActions());
    list(out, "forbidden_actions", p.forbiddenActions());
    list(out, "escalation_required", p.escalationRequired());
    if (!p.rules().isEmpty()) {
      out.line(out.bold("rules") + " (" + p.rules().size() + ", first match decides)");
      for (PolicyRule r : p.rules()) {
        out.line("  " + Text.printable(r.id()) + ": " + Text.printable(r.actionId()) + " -> "
            + r.decision().keyword()
            + (r.provenance().name().equals("DEFAULT") ? ""
                : "  [provenance " + r.provenance().name().toLowerCase(java.util.Locale.ROOT) + "]")
            + (r.onUntrusted() == io.ape.api.Outcome.ESCALATE ? "  [on_untrusted escalate]" : "")
            + (r.location().line() > 0 ? "  (line " + r.location().line() + ")" : ""));
        for (ConditionSpec c : r.conditions()) {
          out.line("      if " + Text.printable(Views.describe(c)));
        }
      }
    }
    if (!p.toolTransitions().isEmpty()) {
      out.line(out.bold("tool_transitions"));
      p.toolTransitions().forEach((tool, next) -> out.line("  " + Text.printable(tool) + " -> "
          + (next.isEmpty() ? "(nothing)" : Text.printable(String.join(", ", next)))));
    }
    if (!p.rateLimits().isEmpty()) {
      out.line(out.bold("rate_limits"));
      for (RateLimit l : p.rateLimits().limits()) {
        out.line("  " + Text.printable(Views.describe(l)));
      }
      if (!Double.isInfinite(p.rateLimits().maxCumulativeRisk())) {
        out.line("  max_cumulative_risk: " + p.rateLimits().maxCumulativeRisk());
      }
    }
    if (!p.audit().redact().isEmpty()) {
      out.line(out.bold("audit.redact") + " " + Text.printable(String.join(", ", p.audit().redact())));
    }
    if (!p.metadata().isEmpty()) {
      out.line(out.bold("metadata") + "     " + Text.printable(Json.compact(p.metadata())));
    }
    for (PolicyProblem f : findings) {
      out.warn(f.location() + (f.path().isEmpty() ? "" : " (" + f.path() + ")"), f.message());
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void field(Output out, String name, String value) {
    if (!value.isEmpty()) {
      out.line(String.format("%-12s %s", name, Text.printable(value)));
    }
  }

  private static void list(Output out, String name, List<String> ids) {
    out.line(out.bold(name) + " (" + ids.size() + ")"
        + (ids.isEmpty() ? "" : ": " + Text.printable(String.join(", ", ids))));
  }
}
