package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.PolicyDecisionPoint;
import io.ape.audit.AuditReader;
import io.ape.audit.AuditReplayer;
import io.ape.audit.ReplayResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape audit replay FILE --policy NEW.yaml [--json]}. */
@Command(
    name = "replay",
    header = "Re-decide every recorded decision with another policy; show what changes.",
    description = "The regression test for a policy change: every DECISION record of the log "
        + "is evaluated again against --policy (same action, recorded parameters, tenant, "
        + "session and provenance). Exits 0 when every outcome stays the same, 1 when at "
        + "least one changes (each change is listed), 3 if the policy is invalid, 4 if a file "
        + "is missing. Parameters the policy redacted were recorded as hashes and are replayed "
        + "as such.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit replay audit.jsonl --policy policies/read_only.yaml",
        "  ape audit replay audit.jsonl --policy new.yaml --json"
    })
final class AuditReplayCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The audit log file.")
  Path file;

  @Option(names = "--policy", required = true, paramLabel = "NEW.yaml",
      description = "The policy to replay the decisions against.")
  Path policy;

  @Option(names = "--json", description = "Print the result as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    List<Path> files = AuditFiles.resolve(List.of(file));
    ReplayResult result;
    try (LoadedPolicy loaded = load(policy)) {
      result = AuditReplayer.replay(AuditReader.withDefaults(), files, decisionPoint(loaded));
    }
    if (out.isJson()) {
      out.json(AuditFiles.document(result.toJson()));
    } else {
      AuditFiles.printReport(out, result.toText());
    }
    return result.changed() ? ExitCode.ERROR : ExitCode.OK;
  }

  /** The loaded policy as a decision point (transitions are not part of a replay). */
  private static PolicyDecisionPoint decisionPoint(LoadedPolicy loaded) {
    return new PolicyDecisionPoint() {
      @Override
      public Decision evaluate(ActionRequest request) {
        return loaded.evaluate(request);
      }

      @Override
      public String policyVersion() {
        return loaded.policy().version();
      }

      @Override
      public boolean isTransitionAllowed(String fromTool, String toTool) {
        return false;
      }
    };
  }
}
