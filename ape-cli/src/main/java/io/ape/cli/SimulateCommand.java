package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.RequestContext;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape simulate POLICY ACTION [--param K=V]... [--params-json JSON] [--json]}. */
@Command(
    name = "simulate",
    header = "Show what a policy decides for one action with the given parameters.",
    description = "Evaluates ACTION exactly as the engine does at run time (conditions included). "
        + "Parameters given on the command line count as typed by the user "
        + "(USER_TRUSTED). Exits 0 whatever the decision (ALLOW, DENY or ESCALATE): the "
        + "decision is the output.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape simulate policies/filesystem_scoped.yaml write_file -p path=/etc/passwd",
        "  ape simulate policy.yaml http_get --param url=https://api.github.com/repos",
        "  ape simulate policy.yaml upload --params-json '{\"size\": 2048}' --json",
        "  ape simulate policy.yaml read_file -p path=/tmp/a --audit-log audit.jsonl"
    })
final class SimulateCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1", paramLabel = "ACTION", description = "The action id, e.g. read_file.")
  String action;

  @Mixin
  ParameterOptions parameters;

  @Option(names = "--json", description = "Print the decision as JSON on stdout, and nothing else.")
  boolean json;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Also record the decision in this hash-chained audit log (created or "
          + "continued; durable before the decision is printed). Read it with `ape audit`.")
  Path auditLog;

  @Override
  public Integer call() {
    Output out = output(json);
    ActionRequest request = ActionRequest.of(action, parameters.parameters(),
        RequestContext.userTrusted());
    try (LoadedPolicy loaded = load(policy)) {
      Decision decision = loaded.evaluate(request);
      if (auditLog != null) {
        try (DecisionAuditLog log = DecisionAuditLog.open(auditLog, loaded.policy())) {
          log.record(request, decision);
        }
      }
      if (out.isJson()) {
        out.json(DecisionText.json(decision, loaded.policy()));
      } else {
        DecisionText.print(out, decision, loaded.policy());
        DecisionText.warnIfDefaultAllow(out, decision);
        out.flush();
      }
    }
    return ExitCode.OK;
  }
}
