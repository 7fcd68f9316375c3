package io.ape.mcp;

import io.ape.api.Outcome;
import io.ape.api.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides, fail-closed, what the generated policy does with one tool.
 *
 * <p>A tool is allowed only if its server explicitly claims {@code readOnlyHint: true}, does not
 * claim {@code destructiveHint: true}, its schema could be analysed, and neither its name (a
 * write or delete verb, or words for secrets) contradicts the claim; an open-world read-only tool
 * is allowed only with a {@code domain_in} condition on a URL parameter. Everything else is
 * escalated: writes, destructive tools, tools whose hints are missing, and tools known by name
 * only. Path-like parameters are constrained with {@code path_within} and URL-like ones with
 * {@code domain_in}, on allowed and escalated tools alike. Parameters that the built-in catalogue
 * marks as paths inside a repository (GitHub's {@code path}) are not paths on this machine, so
 * {@code path_within} would never match them; they get {@code denylist}
 * {@link #REPOSITORY_PATH_DENYLIST} instead (no absolute path, no backslash, no {@code ..}), and
 * a tool whose repository paths sit inside objects is escalated. Such marks in a server's own
 * schema are ignored.
 *
 * <p>Before all that: a tool whose text shows a {@linkplain PoisoningKind#severe() severe} sign
 * of hidden instructions is denied (an explicit {@code decision: deny} rule, so the report names
 * it), and one with a milder sign, or one that is only a guess from the catalogue (its server was
 * matched by name alone), is never allowed, only escalated.
 */
final class ToolClassifier {
  private static final Set<String> WRITE_VERBS = Set.of("write", "overwrite", "edit", "update",
      "modify", "patch", "put", "post", "delete", "del", "remove", "rm", "unlink", "drop", "destroy",
      "truncate", "purge", "wipe", "erase", "kill", "terminate", "move", "mv", "rename", "create",
      "insert", "upsert", "add", "set", "append", "push", "commit", "merge", "deploy", "publish",
      "send", "transfer", "pay", "install", "uninstall", "upload", "reset", "revert", "chmod", "chown");
  private static final Set<String> EXEC_WORDS = Set.of("exec", "execute", "shell", "bash", "sh",
      "zsh", "powershell", "cmd", "command", "commands", "run", "eval", "spawn", "script", "terminal",
      "subprocess", "system");
  private static final Set<String> SECRET_WORDS = Set.of("env", "environ", "environment", "secret",
      "secrets", "credential", "credentials", "password", "passwords", "token", "tokens", "apikey");

  private ToolClassifier() {}

  /** The decision, risk, reasons and constrained parameters for one tool. */
  record Verdict(Outcome decision, RiskLevel risk, List<String> reasons, List<String> pathParameters,
      List<String> urlParameters, List<String> repositoryPathParameters) {}

  /**
   * The {@code denylist} globs on a repository-relative path: no leading {@code /} and no
   * backslash; a {@code ..} segment fails {@code denylist} by itself (see the policy reference).
   */
  static final List<String> REPOSITORY_PATH_DENYLIST = List.of("/*", "*\\*");

  static Verdict classify(ScannedTool tool) {
    List<PoisoningFinding> severe = tool.poisoning().stream().filter(PoisoningFinding::severe).toList();
    if (!severe.isEmpty()) {
      List<String> reasons = new ArrayList<>();
      reasons.add("denied: its description shows signs of hidden instructions (tool poisoning)");
      tool.poisoning().forEach(f -> reasons.add(f.describe()));
      return new Verdict(Outcome.DENY, RiskLevel.CRITICAL, reasons, List.of(), List.of(), List.of());
    }
    Verdict v = classifyByHints(tool);
    String why = null;
    if (!tool.poisoning().isEmpty()) {
      why = "escalated: its description may instruct the model (" + tool.poisoning().get(0).describe()
          + ")";
    } else if (tool.source() == ToolSource.CATALOGUE_GUESS) {
      why = "escalated: the server was matched to the catalogue by its name only, so this tool is a"
          + " guess";
    }
    if (why == null || v.decision() != Outcome.ALLOW && tool.poisoning().isEmpty()) {
      return v;
    }
    List<String> reasons = new ArrayList<>();
    reasons.add(why);
    reasons.addAll(v.reasons());
    RiskLevel risk = v.risk().compareTo(RiskLevel.MODERATE) >= 0 ? v.risk() : RiskLevel.MODERATE;
    Outcome decision = v.decision() == Outcome.ALLOW ? Outcome.ESCALATE : v.decision();
    return new Verdict(decision, risk, reasons, v.pathParameters(), v.urlParameters(),
        v.repositoryPathParameters());
  }

  private static Verdict classifyByHints(ScannedTool tool) {
    ToolHints h = tool.hints();
    List<String> words = ParameterKinds.words(tool.name());
    List<String> paths = ParameterKinds.pathParameters(tool.inputSchema());
    List<String> urls = ParameterKinds.urlParameters(tool.inputSchema());
    paths.removeAll(urls);
    // Only the built-in catalogue may say that a parameter is a path inside a repository: a
    // server that marked its own parameters so would dodge path_within.
    boolean catalogue = tool.source() == ToolSource.CATALOGUE;
    List<String> repoPaths = catalogue
        ? ParameterKinds.parametersOfKind(tool.inputSchema(), ParameterKinds.REPOSITORY_PATH) : List.of();
    List<String> repoFiles = catalogue
        ? ParameterKinds.parametersOfKind(tool.inputSchema(), ParameterKinds.REPOSITORY_FILES) : List.of();
    paths.removeAll(repoPaths);
    paths.removeAll(repoFiles);
    urls.removeAll(repoPaths);
    urls.removeAll(repoFiles);
    List<String> reasons = new ArrayList<>();
    Outcome decision;
    RiskLevel risk;
    String verb = first(words, WRITE_VERBS);
    String exec = first(words, EXEC_WORDS);
    String secret = first(words, SECRET_WORDS);
    if (tool.source() == ToolSource.CONFIG) {
      decision = Outcome.ESCALATE;
      risk = RiskLevel.HIGH;
      reasons.add("only the name is known (from the entry's tools list): hints and parameters "
          + "unknown, treated as a destructive write");
    } else if (!tool.schemaProblem().isEmpty()) {
      decision = Outcome.ESCALATE;
      risk = RiskLevel.HIGH;
      reasons.add(tool.schemaProblem() + "; escalated because its arguments cannot be constrained");
    } else if (h.claimsDestructive()) {
      decision = Outcome.ESCALATE;
      risk = RiskLevel.HIGH;
      reasons.add(h.claimsReadOnly()
          ? "claims both readOnlyHint and destructiveHint: treated as destructive"
          : "destructive (destructiveHint: true)");
    } else if (h.claimsReadOnly()) {
      boolean openWorld = h.claimsOpenWorld() || (h.openWorld() == null && !urls.isEmpty());
      if (verb != null || exec != null) {
        decision = Outcome.ESCALATE;
        risk = RiskLevel.HIGH;
        reasons.add("claims readOnlyHint, but its name says '" + (verb != null ? verb : exec)
            + "': the claim is not trusted");
      } else if (secret != null) {
        decision = Outcome.ESCALATE;
        risk = RiskLevel.MODERATE;
        reasons.add("read-only (readOnlyHint), but its name says '" + secret
            + "': it may reveal secrets");
      } else if (openWorld && urls.isEmpty()) {
        decision = Outcome.ESCALATE;
        risk = RiskLevel.MODERATE;
        reasons.add("read-only but open-world (openWorldHint) with no URL parameter to "
            + "constrain with domain_in");
      } else if (openWorld) {
        decision = Outcome.ALLOW;
        risk = RiskLevel.LOW;
        reasons.add("read-only (readOnlyHint) and open-world: allowed only for the domains in "
            + "domain_in");
      } else {
        decision = Outcome.ALLOW;
        risk = RiskLevel.MINIMAL;
        reasons.add("read-only (readOnlyHint: true)");
      }
    } else {
      decision = Outcome.ESCALATE;
      if (h.readOnly() == null) {
        risk = RiskLevel.HIGH;
        reasons.add("no readOnlyHint: treated as a destructive write (fail closed)");
      } else if (h.destructive() == null) {
        risk = RiskLevel.HIGH;
        reasons.add("writes (readOnlyHint: false); destructiveHint not given, so treated as destructive");
      } else {
        risk = RiskLevel.MODERATE;
        reasons.add("writes (readOnlyHint: false), not destructive (destructiveHint: false)");
      }
      if (h.claimsOpenWorld()) {
        reasons.add("open-world (openWorldHint: true)");
      }
    }
    if (exec != null) {
      risk = RiskLevel.CRITICAL;
      reasons.add("its name says '" + exec + "': it may run arbitrary commands");
    }
    if (!repoFiles.isEmpty()) {
      if (decision == Outcome.ALLOW) {
        decision = Outcome.ESCALATE;
        risk = risk.compareTo(RiskLevel.MODERATE) >= 0 ? risk : RiskLevel.MODERATE;
      }
      reasons.add("parameters " + repoFiles + " carry paths inside a repository within objects, "
          + "which no condition operator can check: escalated");
    }
    if (!paths.isEmpty()) {
      reasons.add("path parameters " + paths + " limited with path_within");
    }
    if (!repoPaths.isEmpty()) {
      reasons.add("repository-relative path parameters " + repoPaths + " limited with denylist "
          + REPOSITORY_PATH_DENYLIST + " (no leading /, no backslash, no .. segment); path_within "
          + "does not apply: they are paths inside a repository, not on this machine");
    }
    if (!urls.isEmpty()) {
      reasons.add("URL parameters " + urls + " limited with domain_in");
    }
    List<String> lists = new ArrayList<>(ParameterKinds.listParameters(tool.inputSchema(), paths));
    lists.addAll(ParameterKinds.listParameters(tool.inputSchema(), urls));
    lists.addAll(ParameterKinds.listParameters(tool.inputSchema(), repoPaths));
    if (!lists.isEmpty()) {
      reasons.add("parameters " + lists + " take lists: their conditions apply to every element"
          + " (each)");
    }
    return new Verdict(decision, risk, reasons, paths, urls, repoPaths);
  }

  private static String first(List<String> words, Set<String> set) {
    for (String w : words) {
      if (set.contains(w)) {
        return w;
      }
    }
    return null;
  }
}
