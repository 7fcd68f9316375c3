package io.ape.cli;

import io.ape.api.ActionRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape explain POLICY ACTION [--param K=V]... [--params-json JSON] [--json]}. */
@Command(
    name = "explain",
    header = "Show how a policy decides one action: each step, each rule, each condition.",
    description = "Walks the evaluation order (forbidden_actions, escalation_required, the rules "
        + "for the action in file order, allowed_actions, default) and shows which rule "
        + "and which conditions decided. Parameters are EXTERNAL_UNTRUSTED unless --provenance "
        + "says otherwise, as with simulate and the library. Exits 0 whatever the decision.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape explain policies/filesystem_scoped.yaml write_file -p path=/tmp/a.txt",
        "  ape explain policy.yaml http_get --param url=https://evil.com --json"
    })
final class ExplainCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1", paramLabel = "ACTION", description = "The action id, e.g. write_file.")
  String action;

  @Mixin
  ParameterOptions parameters;

  @Mixin
  RequestOptions request;

  @Option(names = "--json", description = "Print the explanation as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    ActionRequest actionRequest = ActionRequest.of(action, parameters.parameters(),
        request.context());
    try (LoadedPolicy loaded = load(policy)) {
      DecisionTrace trace = loaded.explain(actionRequest);
      if (out.isJson()) {
        out.json(json(trace, loaded));
      } else {
        print(out, trace, loaded);
      }
    }
    return ExitCode.OK;
  }

  private static void print(Output out, DecisionTrace trace, LoadedPolicy loaded) {
    out.line("Steps:");
    int n = 1;
    for (String step : trace.steps()) {
      out.line("  " + n++ + ". " + Text.printable(step));
    }
    if (!trace.rules().isEmpty()) {
      out.line("Rules for " + Text.printable(trace.decision().actionId()) + ":");
      for (DecisionTrace.RuleTrace rule : trace.rules()) {
        String verdict = rule.matched() ? out.bold("matched") : "did not match";
        out.line("  " + Text.printable(rule.ruleId()) + " (" + rule.decision().keyword()
            + (rule.location() == null || rule.location().line() == 0 ? ""
                : ", line " + rule.location().line()) + "): " + verdict);
        for (DecisionTrace.ConditionTrace c : rule.conditions()) {
          // A condition that did not hold in a rule that matched is one that could not judge
          // its parameter (absent, or a value it cannot read): a deny or escalate rule applies.
          String result = c.held() ? "held   " : rule.matched() ? "CANNOT JUDGE "
              : out.red("FAILED ");
          out.line("    " + result + Text.printable(
              c.parameter() + " " + c.operator() + " " + Json.compact(c.argument()))
              + (c.held() || c.detail().isEmpty() ? "" : ": " + Text.printable(c.detail())));
        }
      }
    }
    out.line("Decision:");
    DecisionText.print(out, trace.decision(), loaded.policy());
    DecisionText.warnIfDefaultAllow(out, trace.decision());
    out.flush();
  }

  private static Map<String, Object> json(DecisionTrace trace, LoadedPolicy loaded) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", DecisionText.json(trace.decision(), loaded.policy()));
    m.put("steps", trace.steps());
    List<Map<String, Object>> rules = new ArrayList<>();
    for (DecisionTrace.RuleTrace r : trace.rules()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", r.ruleId());
      rule.put("decision", r.decision().keyword());
      rule.put("line", r.location() == null ? 0 : r.location().line());
      rule.put("matched", r.matched());
      List<Map<String, Object>> conditions = new ArrayList<>();
      for (DecisionTrace.ConditionTrace c : r.conditions()) {
        Map<String, Object> cond = new LinkedHashMap<>();
        cond.put("parameter", c.parameter());
        cond.put("operator", c.operator());
        cond.put("argument", c.argument());
        cond.put("held", c.held());
        cond.put("detail", c.detail());
        conditions.add(cond);
      }
      rule.put("conditions", conditions);
      rules.add(rule);
    }
    m.put("rules", rules);
    return m;
  }
}
