package io.ape.cli;

import io.ape.api.ActionParameterException;
import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.ParameterValues;
import io.ape.api.Policy;
import io.ape.api.RequestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape simulate-batch POLICY [ACTION...] [--file F] [--json]}. */
@Command(
    name = "simulate-batch",
    header = "Show what a policy decides for many actions at once.",
    description = "Evaluates every ACTION given as an argument and every line of --file. A line "
        + "of the file is an action id, optionally followed by its parameters as a JSON "
        + "object; blank lines and lines starting with # are skipped. Parameters are "
        + "EXTERNAL_UNTRUSTED unless --provenance says otherwise (as for simulate and the "
        + "library). Exits 0 whatever the decisions (1 with --fail-on when one of them is a "
        + "decision named there); 2 if no action is given.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape simulate-batch policies/read_only.yaml read_file write_file delete_file",
        "  ape simulate-batch policy.yaml --file actions.txt --json",
        "  ape simulate-batch policy.yaml --file actions.txt --audit-log audit.jsonl",
        "",
        "  actions.txt:",
        "    read_file",
        "    write_file {\"path\": \"/tmp/out.txt\"}",
        "    # comments and blank lines are skipped"
    })
final class SimulateBatchCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
  Path policy;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ACTION",
      description = "Action ids to evaluate (without parameters).")
  List<String> actions = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "A file with one action per line, optionally followed by JSON parameters.")
  Path file;

  @Mixin
  RequestOptions request;

  @Option(names = "--json", description = "Print the decisions as JSON on stdout, and nothing else.")
  boolean json;

  @Option(names = "--fail-on", paramLabel = "deny|escalate", split = ",",
      description = "Exit 1 when any decision is one of these (for CI).")
  List<String> failOn = new ArrayList<>();

  @Option(names = "--audit-key-file", paramLabel = "F",
      description = "Sign every record of --audit-log with an HMAC under the key in F.")
  Path auditKeyFile;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Also record every decision in this hash-chained audit log (created or "
          + "continued; durable before the decisions are printed). Read it with `ape audit`.")
  Path auditLog;

  @Override
  public Integer call() {
    Output out = output(json);
    Set<Outcome> failing = FailOn.parse(failOn);
    if (auditKeyFile != null && auditLog == null) {
      throw new CliUsageException("--audit-key-file needs --audit-log");
    }
    RequestContext context = request.context();
    List<ActionRequest> requests = new ArrayList<>();
    for (String action : actions) {
      requests.add(ActionRequest.of(action, Map.of(), context));
    }
    if (file != null) {
      requests.addAll(readFile(file, context));
    }
    if (requests.isEmpty()) {
      throw new CliUsageException("no actions: give ACTION arguments or --file FILE");
    }
    List<Decision> decisions = new ArrayList<>(requests.size());
    Policy loadedPolicy;
    try (LoadedPolicy loaded = load(policy)) {
      loadedPolicy = loaded.policy();
      for (ActionRequest r : requests) {
        decisions.add(loaded.evaluate(r));
      }
      if (auditLog != null) {
        try (DecisionAuditLog log = DecisionAuditLog.open(auditLog, loadedPolicy, auditKeyFile)) {
          for (int i = 0; i < requests.size(); i++) {
            log.record(requests.get(i), decisions.get(i));
          }
        }
      }
    }
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    decisions.forEach(d -> counts.merge(d.outcome(), 1, Integer::sum));
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("policy", loadedPolicy.source().name());
      doc.put("policy_version", loadedPolicy.version());
      doc.put("results", decisions.stream().map(Views::decision).toList());
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("total", decisions.size());
      counts.forEach((o, n) -> summary.put(o.keyword(), n));
      doc.put("summary", summary);
      out.json(doc);
    } else {
      int width = decisions.stream().mapToInt(d -> Text.printable(d.actionId()).length()).max()
          .orElse(0);
      for (Decision d : decisions) {
        String id = Text.printable(d.actionId());
        out.line(out.outcome(d.outcome(), 9) + id + " ".repeat(width - id.length()) + "  "
            + Text.printable(d.reason()));
      }
      out.line(decisions.size() + " actions: " + counts.get(Outcome.ALLOW) + " allowed, "
          + counts.get(Outcome.DENY) + " denied, " + counts.get(Outcome.ESCALATE) + " escalated");
      long defaultAllows = decisions.stream().filter(Decision::isDefaultAllow).count();
      if (defaultAllows > 0) {
        out.warn(policy.toString(), defaultAllows + " action(s) ALLOWED only by the policy's "
            + "default decision (default allow)");
      }
      out.flush();
    }
    return decisions.stream().anyMatch(d -> failing.contains(d.outcome())) ? ExitCode.ERROR
        : ExitCode.OK;
  }

  /** Parses the batch file; a malformed line is a usage error naming the line. */
  private static List<ActionRequest> readFile(Path file, RequestContext context) {
    List<ActionRequest> requests = new ArrayList<>();
    String[] lines = InputFiles.readText(file).split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = indexOfWhitespace(line);
      String action = space < 0 ? line : line.substring(0, space);
      Map<String, Object> params = Map.of();
      if (space >= 0) {
        String where = file + ":" + (i + 1);
        Object parsed = Json.read(line.substring(space).strip(), where + ": parameters");
        if (!(parsed instanceof Map<?, ?> map)) {
          throw new CliUsageException(where + ": parameters must be a JSON object");
        }
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> typed = (Map<String, Object>) map;
          params = ParameterValues.copyOf(typed);
        } catch (ActionParameterException e) {
          throw new CliUsageException(where + ": invalid parameters: " + e.getMessage(), e);
        }
      }
      requests.add(ActionRequest.of(action, params, context));
    }
    return requests;
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
