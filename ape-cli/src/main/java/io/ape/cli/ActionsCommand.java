package io.ape.cli;

import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.core.actions.StandardActions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ape actions [--by-category] [--json]}: the standard action set. */
@Command(
    name = "actions",
    header = "List the standard actions.",
    description = "Prints every standard action with its category, risk level, description and "
        + "parameters (required ones marked with *), in registration order, or grouped by "
        + "category with --by-category. These are the action ids a policy names.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape actions",
        "  ape actions --by-category",
        "  ape actions --json | jq -r '.actions[].id'"
    })
final class ActionsCommand extends CliCommand {
  @Option(names = "--by-category", description = "Group the actions by category.")
  boolean byCategory;

  @Option(names = "--json", description = "Print the actions as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    List<ActionDefinition> definitions = StandardActions.definitions();
    if (out.isJson()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("count", definitions.size());
      doc.put("version", StandardActions.FROZEN_VERSION);
      if (byCategory) {
        Map<String, Object> groups = new LinkedHashMap<>();
        grouped(definitions).forEach((category, defs) ->
            groups.put(category.value(), defs.stream().map(ActionsCommand::view).toList()));
        doc.put("categories", groups);
      } else {
        doc.put("actions", definitions.stream().map(ActionsCommand::view).toList());
      }
      out.json(doc);
      return ExitCode.OK;
    }
    if (byCategory) {
      boolean first = true;
      for (Map.Entry<ActionCategory, List<ActionDefinition>> group : grouped(definitions).entrySet()) {
        if (!first) {
          out.blank();
        }
        first = false;
        out.line(out.bold(group.getKey().value()) + " (" + group.getValue().size() + ")");
        for (ActionDefinition d : group.getValue()) {
          line(out, d);
        }
      }
    } else {
      for (ActionDefinition d : definitions) {
        line(out, d);
      }
    }
    out.blank();
    out.line(definitions.size() + " standard actions; * = required parameter");
    out.flush();
    return ExitCode.OK;
  }

  private static void line(Output out, ActionDefinition d) {
    out.line(String.format("  %-18s %-14s %-9s %s", Text.printable(d.actionId()),
        d.category().value(), d.riskLevel().name().toLowerCase(Locale.ROOT),
        Text.printable(d.description())));
    List<String> params = new ArrayList<>();
    List<String> required = required(d);
    for (String name : parameterNames(d)) {
      params.add(required.contains(name) ? name + "*" : name);
    }
    out.line(String.format("  %-18s %s", "", "params: "
        + (params.isEmpty() ? "(none)" : Text.printable(String.join(", ", params)))));
  }

  private static Map<ActionCategory, List<ActionDefinition>> grouped(List<ActionDefinition> defs) {
    Map<ActionCategory, List<ActionDefinition>> groups = new LinkedHashMap<>();
    for (ActionDefinition d : defs) {
      groups.computeIfAbsent(d.category(), c -> new ArrayList<>()).add(d);
    }
    return groups;
  }

  private static Map<String, Object> view(ActionDefinition d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", d.actionId());
    v.put("category", d.category().value());
    v.put("risk_level", d.riskLevel().name().toLowerCase(Locale.ROOT));
    v.put("description", d.description());
    v.put("requires_human_review", d.requiresHumanReview());
    List<String> required = required(d);
    List<Map<String, Object>> params = new ArrayList<>();
    Map<?, ?> properties = properties(d);
    for (String name : parameterNames(d)) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", name);
      p.put("required", required.contains(name));
      Object schema = properties.get(name);
      if (schema instanceof Map<?, ?> m && m.get("type") instanceof String type) {
        p.put("type", type);
      }
      params.add(p);
    }
    v.put("parameters", params);
    return v;
  }

  /** The parameter names of an action, in schema order. */
  static List<String> parameterNames(ActionDefinition d) {
    List<String> names = new ArrayList<>();
    for (Object key : properties(d).keySet()) {
      names.add(String.valueOf(key));
    }
    return names;
  }

  /** The required parameter names of an action. */
  static List<String> required(ActionDefinition d) {
    Object required = d.parameterSchema().get("required");
    List<String> names = new ArrayList<>();
    if (required instanceof List<?> list) {
      for (Object o : list) {
        names.add(String.valueOf(o));
      }
    }
    return names;
  }

  private static Map<?, ?> properties(ActionDefinition d) {
    Object properties = d.parameterSchema().get("properties");
    return properties instanceof Map<?, ?> m ? m : Map.of();
  }
}
