package io.ape.cli;

import io.ape.api.ActionCatalog;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape validate POLICY... [--strict] [--json]}. */
@Command(
    name = "validate",
    header = "Check policy files and report every problem with file, line and column.",
    description = "Loads each policy exactly as the engine would (parse, validate, compile) and "
        + "reports every problem with file, line and column. Warns about what is legal but "
        + "probably wrong (a default-allow policy, rules that can never apply or are shadowed "
        + "by an earlier rule, action ids the action repository does not have, conditions on "
        + "parameters an action does not have, ...) and about placeholder values starting with "
        + "TODO; with --strict any warning fails the file. With several files the exit code "
        + "is that of the first file that failed.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape validate policies/read_only.yaml",
        "  ape validate --strict policies/*.yaml",
        "  ape validate --json my_policy.yaml",
        "  ape validate --strict --actions my_actions.json mcp_policy.yaml",
        "  ape validate --actions none mcp_policy.yaml"
    })
final class ValidateCommand extends CliCommand {
  @Parameters(arity = "1..*", paramLabel = "POLICY", description = "Policy files (YAML or JSON).")
  List<Path> policies = new ArrayList<>();

  @Option(names = "--strict",
      description = "Fail (exit 3) on any warning: default allow, unreachable rules, TODO "
          + "placeholder values, ...")
  boolean strict;

  @Option(names = "--json", description = "Print the result as JSON on stdout, and nothing else.")
  boolean json;

  @Option(names = "--actions", paramLabel = "standard|none|FILE",
      description = "The action repository to check action ids and parameters against: "
          + "standard (the standard actions, the default: ids within two edits of a standard "
          + "id are reported as likely typos), none (no check), or a JSON file in the form "
          + "`ape actions --json` prints, holding every action of the application (then every "
          + "id it does not have is reported).")
  String actions = "standard";

  /** The outcome for one file: a policy with findings, or an error. */
  private record FileResult(Path file, Policy policy, List<PolicyProblem> findings, CliError error) {
    int exitCode() {
      return error == null ? ExitCode.OK : error.exitCode();
    }
  }

  @Override
  public Integer call() {
    Output out = output(json);
    ActionCatalog catalog = ActionCatalogs.of(actions);
    List<FileResult> results = new ArrayList<>();
    for (Path file : policies) {
      results.add(check(file, catalog));
    }
    int exitCode = results.stream().mapToInt(FileResult::exitCode).filter(c -> c != ExitCode.OK)
        .findFirst().orElse(ExitCode.OK);
    if (out.isJson()) {
      printJson(out, results, exitCode);
    } else {
      printText(out, results);
    }
    return exitCode;
  }

  private FileResult check(Path file, ActionCatalog catalog) {
    try (LoadedPolicy loaded = load(file)) {
      Policy policy = loaded.policy();
      List<PolicyProblem> findings = new ArrayList<>(PolicyLint.findings(loaded));
      if (catalog != null) {
        findings.addAll(io.ape.core.policy.PolicyLint.check(policy, catalog,
            !actions.equals("standard")));
      }
      CliError error = strict && !findings.isEmpty()
          ? new CliError(ExitCode.INVALID_POLICY, "strict",
              findings.get(0) + (findings.size() > 1
                  ? " (and " + (findings.size() - 1) + " more)" : ""), findings)
          : null;
      return new FileResult(file, policy, findings, error);
    } catch (RuntimeException e) {
      return new FileResult(file, null, List.of(), ErrorMapper.map(e));
    }
  }

  private void printText(Output out, List<FileResult> results) {
    int valid = 0;
    for (FileResult r : results) {
      String name = Text.printable(r.file().toString());
      if (r.error() == null) {
        valid++;
        out.line(out.bold("valid") + "    " + name + "  (" + summary(r.policy()) + ")");
        for (PolicyProblem f : r.findings()) {
          out.warn(f.location() + (f.path().isEmpty() ? "" : " (" + f.path() + ")"), f.message());
        }
      } else {
        String status = r.error().exitCode() == ExitCode.FILE_NOT_FOUND ? "missing" : "invalid";
        out.line(out.red(status) + "  " + name);
        if (r.error().problems().isEmpty()) {
          out.error("", r.error().message());
        }
        for (PolicyProblem p : r.error().problems()) {
          out.error("", p.toString());
        }
      }
    }
    if (results.size() > 1) {
      out.line(results.size() + " files: " + valid + " valid, " + (results.size() - valid)
          + " failed" + (strict ? " (strict)" : ""));
    }
    out.flush();
  }

  private void printJson(Output out, List<FileResult> results, int exitCode) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileResult r : results) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("file", r.file().toString());
      f.put("valid", r.error() == null);
      f.put("exit_code", r.exitCode());
      f.put("policy", r.policy() == null ? null : summaryObject(r.policy()));
      f.put("warnings", r.error() == null
          ? r.findings().stream().map(Views::problem).toList() : List.of());
      f.put("error", r.error() == null ? null : Views.error(r.error()));
      files.add(f);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("valid", exitCode == ExitCode.OK);
    doc.put("strict", strict);
    doc.put("exit_code", exitCode);
    doc.put("files", files);
    out.json(doc);
  }

  private static String summary(Policy p) {
    return (p.name().isEmpty() ? "" : "'" + Text.printable(p.name()) + "': ")
        + p.allowedActions().size() + " allowed, " + p.forbiddenActions().size() + " forbidden, "
        + p.escalationRequired().size() + " escalation, " + p.rules().size() + " rules, default "
        + p.defaultDecision().keyword();
  }

  private static Map<String, Object> summaryObject(Policy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("sha256", p.version());
    m.put("default_decision", p.defaultDecision().keyword());
    m.put("allowed_actions", p.allowedActions().size());
    m.put("forbidden_actions", p.forbiddenActions().size());
    m.put("escalation_required", p.escalationRequired().size());
    m.put("rules", p.rules().size());
    return m;
  }
}
