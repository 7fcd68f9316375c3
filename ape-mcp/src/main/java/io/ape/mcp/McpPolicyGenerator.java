package io.ape.mcp;

import io.ape.api.ActionIds;
import io.ape.api.Outcome;
import io.ape.api.RiskLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Generates a default-deny APE policy and a risk report from a {@link ScanResult}.
 *
 * <p>Every rule of a tool whose input schema lists its properties is <b>closed</b>: it admits
 * exactly the schema's parameters ({@code parameters: [...]} names those without a condition),
 * so an argument the schema does not declare is refused. A constrained parameter that takes a
 * list gets its condition under {@code each}, which checks every element.
 *
 * <p>The policy ({@code default_decision: deny}) has one rule per tool that is not simply denied:
 * a tool is allowed only if its server claims {@code readOnlyHint: true}, does not claim
 * {@code destructiveHint: true}, its schema can be analysed and its name does not contradict the
 * claim (a write verb, a command runner, words for secrets); an open-world read-only tool is
 * allowed only with a {@code domain_in} condition. Every other tool is escalated, including tools
 * with missing hints (fail closed). Path-like parameters get {@code path_within} and
 * URL-like ones {@code domain_in} conditions with {@link PolicyPlaceholders placeholder}
 * arguments; parameters the built-in catalogue knows to be paths inside a repository (GitHub's
 * {@code path}) get {@code denylist} {@code ["/*", "*\\*"]} instead, because
 * {@code path_within} (absolute paths only) would never match them. Action ids are {@code server.tool}, mapped into the action-id alphabet when needed
 * (reported in {@link RiskReport#renamed()}). Tools of servers that failed, timed out, were
 * skipped or are unknown get no rule, so they are denied. A server name that appears in several
 * scopes shares one namespace; a tool listed more than once gets the most restrictive verdict.
 *
 * <p>Guarantees: the output is valid YAML whatever the names and schemas the servers reported
 * (every string is quoted and escaped); it contains neither a path other than the
 * configuration's file name nor any value from {@code env} or {@code headers}; the same scan
 * always gives the same text. Immutable and thread-safe.
 */
public final class McpPolicyGenerator {
  /** The policy name used when none is given. */
  public static final String DEFAULT_NAME = "mcp_generated";

  private final String policyName;

  /** A generator that names policies {@value #DEFAULT_NAME}. */
  public McpPolicyGenerator() {
    this(DEFAULT_NAME);
  }

  /**
   * A generator that gives policies this name.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public McpPolicyGenerator(String policyName) {
    Objects.requireNonNull(policyName, "policyName");
    if (policyName.isBlank()) {
      throw new IllegalArgumentException("the policy name must not be blank");
    }
    this.policyName = policyName;
  }

  /** Generates the policy and its report. */
  public GeneratedPolicy generate(ScanResult scan) {
    Objects.requireNonNull(scan, "scan");
    Map<ActionIdMapper.Key, ScannedToolRef> tools = new LinkedHashMap<>();
    List<String> unscanned = new ArrayList<>();
    List<String> warnings = new ArrayList<>(scan.warnings());
    Set<String> servers = new LinkedHashSet<>();
    for (ServerScan s : scan.servers()) {
      servers.add(s.name());
      if (!s.status().hasTools()) {
        unscanned.add(ActionIds.printable(s.name()) + ": " + s.status()
            + (s.message().isEmpty() ? "" : " - " + s.message()));
        continue;
      }
      for (ScannedTool t : s.tools()) {
        ActionIdMapper.Key key = new ActionIdMapper.Key(s.name(), t.name());
        ToolClassifier.Verdict v = ToolClassifier.classify(t);
        ScannedToolRef prev = tools.get(key);
        tools.put(key, prev == null ? new ScannedToolRef(t, v) : prev.merge(t, v));
        if (prev != null) {
          warnings.add("tool '" + ActionIds.printable(t.name()) + "' of server '"
              + ActionIds.printable(s.name()) + "' is listed more than once (several scopes?); "
              + "the most restrictive verdict is used");
        }
      }
    }
    Map<ActionIdMapper.Key, ActionIdMapping> ids = ActionIdMapper.map(new ArrayList<>(tools.keySet()));
    List<ToolAssessment> assessments = new ArrayList<>();
    List<ActionIdMapping> renamed = new ArrayList<>();
    tools.forEach((key, ref) -> {
      ActionIdMapping m = ids.get(key);
      if (!m.actionId().equals(key.plain())) {
        renamed.add(m);
      }
      ToolClassifier.Verdict v = ref.verdict;
      List<String> constrained = new ArrayList<>(v.pathParameters());
      constrained.addAll(v.urlParameters());
      constrained.addAll(v.repositoryPathParameters());
      assessments.add(new ToolAssessment(key.server(), key.tool(), m.actionId(), v.decision(),
          v.risk(), v.reasons(), v.pathParameters(), v.urlParameters(),
          v.repositoryPathParameters(), ref.tool.hints(),
          ref.tool.source(), schemaParameters(ref.tool),
          ParameterKinds.listParameters(ref.tool.inputSchema(), constrained)));
    });
    RiskReport report = new RiskReport(scan.sourceName(), scan.mode(), policyName, assessments,
        renamed, scan.collisions(), unscanned, warnings);
    return new GeneratedPolicy(yaml(scan, report, new ArrayList<>(servers)), report);
  }

  /**
   * The names of the tool's schema properties, or {@code null} when its schema cannot be
   * analysed or does not list them (then the rule stays open: a closed rule would deny every
   * call with a parameter).
   */
  private static List<String> schemaParameters(ScannedTool tool) {
    if (!tool.schemaProblem().isEmpty()
        || !(tool.inputSchema().get("properties") instanceof Map<?, ?> properties)) {
      return null;
    }
    List<String> names = new ArrayList<>();
    properties.keySet().forEach(k -> names.add(String.valueOf(k)));
    return names;
  }

  /** A tool and its verdict; merging keeps the most restrictive. */
  private static final class ScannedToolRef {
    final ScannedTool tool;
    final ToolClassifier.Verdict verdict;

    ScannedToolRef(ScannedTool tool, ToolClassifier.Verdict verdict) {
      this.tool = tool;
      this.verdict = verdict;
    }

    ScannedToolRef merge(ScannedTool other, ToolClassifier.Verdict v) {
      Outcome d = verdict.decision() == Outcome.DENY || v.decision() == Outcome.DENY ? Outcome.DENY
          : verdict.decision() == Outcome.ESCALATE || v.decision() == Outcome.ESCALATE
          ? Outcome.ESCALATE : Outcome.ALLOW;
      RiskLevel r = verdict.risk().compareTo(v.risk()) >= 0 ? verdict.risk() : v.risk();
      List<String> reasons = union(verdict.reasons(), v.reasons());
      List<String> paths = union(verdict.pathParameters(), v.pathParameters());
      List<String> urls = union(verdict.urlParameters(), v.urlParameters());
      paths.removeAll(urls);
      List<String> repoPaths = union(verdict.repositoryPathParameters(), v.repositoryPathParameters());
      repoPaths.removeAll(paths);
      repoPaths.removeAll(urls);
      ScannedTool keep = verdict.decision() == d ? tool : other;
      if (d == Outcome.DENY) {
        return new ScannedToolRef(keep, new ToolClassifier.Verdict(d, r, reasons, List.of(), List.of(),
            List.of()));
      }
      return new ScannedToolRef(keep, new ToolClassifier.Verdict(d, r, reasons, paths, urls, repoPaths));
    }

    private static List<String> union(List<String> a, List<String> b) {
      Set<String> s = new LinkedHashSet<>(a);
      s.addAll(b);
      return new ArrayList<>(s);
    }
  }

  private String yaml(ScanResult scan, RiskReport report, List<String> servers) {
    StringBuilder y = new StringBuilder(4096);
    y.append("# Generated by ape mcp-scan from ").append(YamlText.comment(scan.sourceName()))
        .append(" (").append(YamlText.comment(scan.format().displayName())).append(").\n");
    if (scan.inferred()) {
      y.append("# WARNING: the tools were NOT read from the servers; they are inferred from the\n")
          .append("# configuration and a catalogue of well-known servers. Scan with --connect.\n");
    } else {
      y.append("# The tools were read from the running servers (tools/list).\n");
    }
    y.append("# Default deny: every tool without an allow or escalate rule below is denied,\n")
        .append("# including all tools of servers that could not be scanned.\n")
        .append("# Replace every TODO placeholder value (the roots of path_within, the domains of\n")
        .append("# domain_in) with real ones; `ape validate --strict` refuses this policy until\n")
        .append("# none is left.\n");
    if (report.tools().stream().anyMatch(t -> !t.repositoryPathParameters().isEmpty())) {
      y.append("# Paths inside a repository (e.g. GitHub's path) are not paths on this machine, so\n")
          .append("# path_within cannot apply: they get denylist [\"/*\", \"*\\\\*\"] instead (no leading /,\n")
          .append("# no backslash; a .. segment fails denylist by itself). Narrow them further by hand.\n");
    }
    for (String u : report.unscanned()) {
      y.append("# Not scanned (all tools denied): ").append(YamlText.comment(u)).append('\n');
    }
    y.append("name: ").append(YamlText.quote(policyName)).append('\n');
    y.append("version: \"1.0\"\n");
    y.append("description: ").append(YamlText.quote("Default-deny policy generated by ape mcp-scan from "
        + scan.sourceName() + (scan.inferred() ? " (tools inferred, not read from the servers)"
        : " (tools read from the servers)"))).append('\n');
    y.append("default_decision: deny\n");
    y.append("metadata:\n");
    y.append("  generated_by: \"ape mcp-scan\"\n");
    y.append("  source: ").append(YamlText.quote(scan.sourceName())).append('\n');
    y.append("  client: ").append(YamlText.quote(scan.format().displayName())).append('\n');
    y.append("  tools_from: ").append(scan.inferred() ? "\"inferred\"" : "\"servers\"").append('\n');
    if (servers.isEmpty()) {
      y.append("  servers: []\n");
    } else {
      y.append("  servers:\n");
      for (String s : servers) {
        y.append("    - ").append(YamlText.quote(s)).append('\n');
      }
    }
    if (report.tools().isEmpty()) {
      y.append("rules: []\n");
      return y.toString();
    }
    y.append("rules:\n");
    for (ToolAssessment t : report.tools()) {
      y.append("  # ").append(YamlText.comment(t.actionId()));
      if (!t.actionId().equals(t.server() + "." + t.tool())) {
        y.append(" (server ").append(YamlText.comment(ActionIds.printable(t.server())))
            .append(", tool ").append(YamlText.comment(ActionIds.printable(t.tool()))).append(')');
      }
      y.append(": ").append(YamlText.comment(t.reasons().get(0))).append('\n');
      y.append("  - action: ").append(YamlText.quote(t.actionId())).append('\n');
      y.append("    decision: ").append(t.decision().keyword()).append('\n');
      if (t.isClosed()) {
        List<String> others = new ArrayList<>(t.parameters());
        others.removeAll(t.pathParameters());
        others.removeAll(t.urlParameters());
        others.removeAll(t.repositoryPathParameters());
        if (others.isEmpty()) {
          y.append("    parameters: closed\n");
        } else {
          y.append("    parameters: [");
          for (int i = 0; i < others.size(); i++) {
            y.append(i == 0 ? "" : ", ").append(YamlText.quote(others.get(i)));
          }
          y.append("]\n");
        }
      }
      if (t.hasConditions()) {
        y.append("    conditions:\n");
        for (String p : t.pathParameters()) {
          condition(y, p, t, "path_within: [" + YamlText.quote(PolicyPlaceholders.ROOT) + "]");
        }
        for (String p : t.urlParameters()) {
          condition(y, p, t, "domain_in: [" + YamlText.quote(PolicyPlaceholders.DOMAINS) + "]");
        }
        for (String p : t.repositoryPathParameters()) {
          StringBuilder deny = new StringBuilder("denylist: [");
          for (int i = 0; i < ToolClassifier.REPOSITORY_PATH_DENYLIST.size(); i++) {
            deny.append(i == 0 ? "" : ", ")
                .append(YamlText.quote(ToolClassifier.REPOSITORY_PATH_DENYLIST.get(i)));
          }
          condition(y, p, t, deny.append(']').toString());
        }
      }
    }
    return y.toString();
  }

  /** One parameter's condition; a list parameter's applies to each element. */
  private static void condition(StringBuilder y, String parameter, ToolAssessment t,
      String operator) {
    y.append("      ").append(YamlText.quote(parameter)).append(":\n");
    if (t.listParameters().contains(parameter)) {
      y.append("        each: { ").append(operator).append(" }\n");
    } else {
      y.append("        ").append(operator).append('\n');
    }
  }
}
