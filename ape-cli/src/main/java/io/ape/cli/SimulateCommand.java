package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape simulate POLICY ACTION [--param K=V]... [--params-json JSON] [--json]}. */
@Command(
    name = "simulate",
    header = "Show what a policy decides for one action with the given parameters.",
    description = "Evaluates ACTION exactly as the engine does at run time (conditions included). "
        + "Parameters are EXTERNAL_UNTRUSTED unless --provenance says otherwise, as for "
        + "PolicyEngine.evaluate(action, parameters); --untrusted KEY marks one parameter "
        + "untrusted. Exits 0 whatever the decision (ALLOW, DENY or ESCALATE): the decision is "
        + "the output; with --fail-on deny (or escalate) it exits 1 for that decision, for CI.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape simulate policies/filesystem_scoped.yaml write_file -p path=/etc/passwd",
        "  ape simulate policy.yaml http_get --param url=https://api.github.com/repos",
        "  ape simulate policy.yaml upload --params-json '{\"size\": 2048}' --json",
        "  ape simulate policy.yaml send_money -p recipient=alice -p amount:=20 \\",
        "      --provenance user --untrusted amount",
        "  ape simulate policy.yaml read_file -p path=/etc/passwd --fail-on deny",
        "  ape simulate policy.yaml read_file -p path=/tmp/a --audit-log audit.jsonl \\",
        "      --audit-key-file audit.key"
    })
final class SimulateCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1", paramLabel = "ACTION", description = "The action id, e.g. read_file.")
  String action;

  @Mixin
  ParameterOptions parameters;

  @Mixin
  RequestOptions request;

  @Option(names = "--json", description = "Print the decision as JSON on stdout, and nothing else.")
  boolean json;

  @Option(names = "--fail-on", paramLabel = "deny|escalate", split = ",",
      description = "Exit 1 when the decision is one of these (for CI), e.g. --fail-on deny.")
  List<String> failOn = new ArrayList<>();

  @Option(names = "--audit-key-file", paramLabel = "F",
      description = "Sign every record of --audit-log with an HMAC under the key in F (32 to "
          + "4096 bytes; verify with `ape audit verify --hmac-key-file F`).")
  Path auditKeyFile;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Also record the decision in this hash-chained audit log (created or "
          + "continued; durable before the decision is printed). Read it with `ape audit`.")
  Path auditLog;

  @Override
  public Integer call() {
    Output out = output(json);
    Set<Outcome> failing = FailOn.parse(failOn);
    if (auditKeyFile != null && auditLog == null) {
      throw new CliUsageException("--audit-key-file needs --audit-log");
    }
    ActionRequest actionRequest = ActionRequest.of(action, parameters.parameters(),
        request.context());
    Decision decision;
    try (LoadedPolicy loaded = load(policy)) {
      decision = loaded.evaluate(actionRequest);
      if (auditLog != null) {
        try (DecisionAuditLog log = DecisionAuditLog.open(auditLog, loaded.policy(),
            auditKeyFile)) {
          log.record(actionRequest, decision);
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
    return failing.contains(decision.outcome()) ? ExitCode.ERROR : ExitCode.OK;
  }
}
