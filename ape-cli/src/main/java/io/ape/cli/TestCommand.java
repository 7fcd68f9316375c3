package io.ape.cli;

import io.ape.api.Decision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape test POLICY CASES.yaml [--json]}: policy unit tests. */
@Command(
    name = "test",
    header = "Run policy unit tests: check that a policy decides each case as expected.",
    description = "Evaluates every case of CASES (YAML or JSON: a list under 'cases', each "
        + "with action, parameters, provenance, expect and optionally rule; see the policy "
        + "reference) against POLICY, as the library would, and reports each case. Exits 0 "
        + "when every case got its expected decision (and rule), 1 when one did not, 3 if the "
        + "policy or the cases file is invalid, 4 if a file is missing.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape test policy.yaml policy.cases.yaml",
        "  ape test policy.yaml policy.cases.yaml --json",
        "",
        "  policy.cases.yaml:",
        "    cases:",
        "      - name: reads under /srv are allowed",
        "        action: read_file",
        "        parameters: {path: /srv/data/a.csv}",
        "        expect: allow",
        "      - action: read_file",
        "        parameters: {path: /etc/passwd}",
        "        provenance: user",
        "        expect: deny"
    })
final class TestCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1", paramLabel = "CASES", description = "The cases file (YAML or JSON).")
  Path cases;

  @Option(names = "--json", description = "Print the results as JSON on stdout, and nothing else.")
  boolean json;

  /** The result of one case. */
  private record Result(PolicyCases.Case testCase, Decision decision, boolean passed) {}

  @Override
  public Integer call() {
    Output out = output(json);
    List<PolicyCases.Case> all = PolicyCases.read(cases);
    List<Result> results = new ArrayList<>();
    String policyName;
    String policyVersion;
    try (LoadedPolicy loaded = load(policy)) {
      policyName = loaded.policy().source().name();
      policyVersion = loaded.policy().version();
      for (PolicyCases.Case c : all) {
        Decision d = loaded.evaluate(c.request());
        boolean passed = d.outcome() == c.expect()
            && (c.rule() == null || Objects.equals(c.rule(), d.matchedRule()));
        results.add(new Result(c, d, passed));
      }
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("policy", policyName);
      doc.put("policy_version", policyVersion);
      doc.put("cases_file", cases.toString());
      List<Map<String, Object>> list = new ArrayList<>();
      for (Result r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.testCase().name());
        m.put("action", r.testCase().request().actionId());
        m.put("passed", r.passed());
        m.put("expected", r.testCase().expect().keyword());
        m.put("expected_rule", r.testCase().rule());
        m.put("decision", Views.decision(r.decision()));
        list.add(m);
      }
      doc.put("cases", list);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("total", results.size());
      summary.put("passed", results.size() - failed);
      summary.put("failed", failed);
      doc.put("summary", summary);
      doc.put("passed", failed == 0);
      out.json(doc);
    } else {
      for (Result r : results) {
        PolicyCases.Case c = r.testCase();
        if (r.passed()) {
          out.line(out.bold("PASS") + "  " + Text.printable(c.name()));
        } else {
          Decision d = r.decision();
          out.line(out.red("FAIL") + "  " + Text.printable(c.name()) + ": expected "
              + c.expect() + (c.rule() == null ? "" : " by rule '" + Text.printable(c.rule()) + "'")
              + ", got " + d.outcome() + (d.matchedRule() == null ? ""
                  : " by rule '" + Text.printable(d.matchedRule()) + "'"));
          out.line("        reason: " + Text.printable(d.reason()));
        }
      }
      out.line(results.size() + " case(s): " + (results.size() - failed) + " passed, " + failed
          + " failed");
      out.flush();
    }
    return failed == 0 ? ExitCode.OK : ExitCode.ERROR;
  }
}
