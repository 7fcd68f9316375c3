package io.ape.core.planning;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.ape.api.ActionCatalog;
import io.ape.api.ActionIds;
import io.ape.api.PlanParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses the plan a model proposes. The output is untrusted: parsing is strict, bounded and
 * never guesses.
 *
 * <p>Accepted forms, tried in this order:
 * <ol>
 *   <li>the whole output is JSON: an array of steps, or an object with {@code steps} (or
 *       {@code plan}); output that starts with {@code [} or <code>{</code> must be valid JSON;</li>
 *   <li>a fenced code block ({@code ```json} or an untagged fence whose body starts with
 *       {@code [} or <code>{</code>) holding such JSON; an invalid JSON block is an error;</li>
 *   <li>a numbered or bulleted markdown list whose items start with an action id of the
 *       catalog, followed by optional {@code key=value} parameters and free text, e.g.
 *       {@code 1. read_file path=config.json}. Values may be quoted ({@code "..."} with JSON
 *       escapes, or {@code '...'}); bare {@code true}, {@code false}, {@code null}, numbers
 *       and JSON arrays/objects without spaces are typed. {@code tool_id=x} names the tool;
 *       {@code requires_escalation=true} or a {@code [requires approval]} tag marks the step.
 *       Items that do not start with an action id are ignored with a warning, and a version
 *       number such as {@code 1.0} is never an item.</li>
 * </ol>
 * Prose is never turned into steps: "do not call delete_file" creates no step (the Python
 * original's natural-language fallback, WEAK-28, does not exist here).
 *
 * <p>A JSON step is an object with {@code action_id} (required), {@code tool_id},
 * {@code parameters} (an object), {@code description} and {@code requires_escalation} (a
 * boolean); any other key is an error. At most {@value #MAX_STEPS} steps and
 * {@link #DEFAULT_MAX_CHARS} characters. Every problem is reported at once in a
 * {@link PlanParseException}, whose message quotes at most a short, sanitised prefix of the
 * output. Thread-safe.
 */
public final class LlmPlanParser {
  /** The default bound on model output length, in characters (64 KiB). */
  public static final int DEFAULT_MAX_CHARS = 64 * 1024;
  /** The most steps a proposal may have. */
  public static final int MAX_STEPS = 100;

  private static final Set<String> STEP_KEYS = Set.of("action_id", "tool_id", "parameters",
      "description", "requires_escalation");
  private static final Set<String> KNOWN_TOP_LEVEL = Set.of("steps", "plan");
  private static final Pattern FENCE = Pattern.compile(
      "(?s)```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\r?\\n(.*?)```");
  private static final Pattern LIST_ITEM = Pattern.compile(
      "^[ \\t]*(?:\\d{1,3}[.)]|[-*+])[ \\t]+(.*)$");
  private static final Pattern FIRST_TOKEN = Pattern.compile(
      "^(?:\\*\\*|`)?([A-Za-z_][A-Za-z0-9_.:-]*?)(?:\\*\\*|`)?:?(?:[ \\t]+|$)");
  private static final Pattern PARAMETER = Pattern.compile(
      "(?:^|[ \\t])([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^ \\t]+)");
  private static final Pattern ESCALATION_TAG = Pattern.compile(
      "(?i)[\\[(][ \\t]*requires?[ \\t]+(?:approval|escalation)[ \\t]*[\\])]");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern NUMBER = Pattern.compile("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?"
      + "(?:[eE][+-]?[0-9]+)?$");

  private final ActionCatalog catalog;
  private final int maxChars;

  /** A parser that recognises list items by the action ids of {@code catalog}. */
  public LlmPlanParser(ActionCatalog catalog) {
    this(catalog, DEFAULT_MAX_CHARS);
  }

  /** A parser with another bound on output length (at least 1). */
  public LlmPlanParser(ActionCatalog catalog, int maxChars) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1: " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /**
   * Parses a model's output.
   *
   * @throws PlanParseException if no plan can be read from it, listing every problem
   */
  public PlanProposal parse(String output) {
    if (output == null || output.isBlank()) {
      throw new PlanParseException("the model output is empty: there is no plan to parse");
    }
    if (output.length() > maxChars) {
      throw new PlanParseException("the model output is too long (" + output.length()
          + " characters; at most " + maxChars + ")");
    }
    List<String> warnings = new ArrayList<>();
    String trimmed = output.strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return fromJson(parseJson(trimmed, "the model output"), PlanProposal.Format.JSON,
          warnings);
    }
    Matcher fence = FENCE.matcher(output);
    while (fence.find()) {
      String tag = fence.group(1);
      String body = fence.group(2).strip();
      boolean json = tag.equalsIgnoreCase("json");
      if (json || (tag.isEmpty() && (body.startsWith("[") || body.startsWith("{")))) {
        return fromJson(parseJson(body, "the JSON code block"), PlanProposal.Format.JSON_BLOCK,
            warnings);
      }
    }
    List<ProposedStep> steps = fromList(output, warnings);
    if (steps.isEmpty()) {
      throw new PlanParseException("could not find a plan in the model output (it starts with "
          + preview(output) + "): expected a JSON array of steps, an object with \"steps\","
          + " or a numbered list of action ids such as '1. read_file path=config.json'");
    }
    return new PlanProposal(steps, PlanProposal.Format.MARKDOWN_LIST, warnings);
  }

  private static Object parseJson(String text, String what) {
    try {
      return StrictJson.parse(text);
    } catch (StrictJson.JsonSyntaxException e) {
      throw new PlanParseException(what + " is not valid JSON: " + e.getMessage());
    }
  }

  private PlanProposal fromJson(Object json, PlanProposal.Format format, List<String> warnings) {
    Object steps = json;
    for (int unwrap = 0; unwrap < 2 && steps instanceof Map<?, ?> m; unwrap++) {
      for (Object key : m.keySet()) {
        if (!KNOWN_TOP_LEVEL.contains(key)) {
          warnings.add("ignored top-level key '" + ActionIds.printable((String) key) + "'");
        }
      }
      steps = m.containsKey("steps") ? m.get("steps") : m.get("plan");
    }
    if (!(steps instanceof List<?> list)) {
      throw new PlanParseException("the JSON plan must be an array of steps or an object with"
          + " \"steps\"");
    }
    if (list.isEmpty()) {
      throw new PlanParseException("the proposed plan has no steps");
    }
    if (list.size() > MAX_STEPS) {
      throw new PlanParseException("the proposed plan has " + list.size()
          + " steps; at most " + MAX_STEPS + " are allowed");
    }
    List<String> errors = new ArrayList<>();
    List<ProposedStep> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ProposedStep step = jsonStep(i, list.get(i), errors);
      if (step != null) {
        out.add(step);
      }
    }
    if (!errors.isEmpty()) {
      throw new PlanParseException(errors, "the proposed plan is malformed: "
          + summary(errors));
    }
    return new PlanProposal(out, format, warnings);
  }

  private static ProposedStep jsonStep(int i, Object raw, List<String> errors) {
    String at = "step " + i + ": ";
    if (!(raw instanceof Map<?, ?> m)) {
      errors.add(at + "expected an object");
      return null;
    }
    int before = errors.size();
    for (Object key : m.keySet()) {
      if (!STEP_KEYS.contains(key)) {
        errors.add(at + "unknown key '" + ActionIds.printable((String) key)
            + "' (allowed: action_id, tool_id, parameters, description, requires_escalation)");
      }
    }
    Object action = m.get("action_id");
    if (!(action instanceof String)) {
      errors.add(at + (action == null ? "missing action_id" : "action_id must be a string"));
    }
    Object tool = m.get("tool_id");
    if (tool != null && !(tool instanceof String)) {
      errors.add(at + "tool_id must be a string");
    }
    Object params = m.containsKey("parameters") ? m.get("parameters") : Map.of();
    if (!(params instanceof Map)) {
      errors.add(at + "parameters must be an object");
    }
    Object description = m.get("description");
    if (description != null && !(description instanceof String)) {
      errors.add(at + "description must be a string");
    }
    Object escalation = m.containsKey("requires_escalation") ? m.get("requires_escalation")
        : Boolean.FALSE;
    if (!(escalation instanceof Boolean)) {
      errors.add(at + "requires_escalation must be true or false");
    }
    if (errors.size() > before) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) params;
    return new ProposedStep(i, (String) action, (String) tool, parameters,
        (String) description, (Boolean) escalation);
  }

  private List<ProposedStep> fromList(String output, List<String> warnings) {
    List<ProposedStep> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> lines = output.lines().toList();
    for (int n = 0; n < lines.size(); n++) {
      Matcher item = LIST_ITEM.matcher(lines.get(n));
      if (!item.find()) {
        continue;
      }
      String text = item.group(1);
      Matcher first = FIRST_TOKEN.matcher(text);
      if (!first.find() || !catalog.contains(first.group(1))) {
        warnings.add("line " + (n + 1) + ": list item does not start with an action id;"
            + " ignored");
        continue;
      }
      if (out.size() == MAX_STEPS) {
        throw new PlanParseException("the proposed plan has more than " + MAX_STEPS
            + " steps");
      }
      out.add(listStep(out.size(), n + 1, first.group(1), text.substring(first.end()), errors));
    }
    if (!errors.isEmpty()) {
      throw new PlanParseException(errors, "the proposed plan is malformed: " + summary(errors));
    }
    return out;
  }

  private static ProposedStep listStep(int index, int line, String action, String rest,
      List<String> errors) {
    boolean escalation = false;
    Matcher tag = ESCALATION_TAG.matcher(rest);
    if (tag.find()) {
      escalation = true;
      rest = rest.substring(0, tag.start()) + rest.substring(tag.end());
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    String tool = null;
    StringBuilder description = new StringBuilder();
    Matcher p = PARAMETER.matcher(rest);
    int last = 0;
    while (p.find()) {
      description.append(rest, last, p.start()).append(' ');
      last = p.end();
      String key = p.group(1);
      Object value;
      try {
        value = value(p.group(2));
      } catch (StrictJson.JsonSyntaxException e) {
        errors.add("line " + line + ": the value of '" + key + "' is not valid: "
            + e.getMessage());
        continue;
      }
      if (key.equals("tool_id")) {
        tool = value instanceof String s ? s : null;
        if (tool == null) {
          errors.add("line " + line + ": tool_id must be a string");
        }
      } else if (key.equals("requires_escalation")) {
        if (value instanceof Boolean b) {
          escalation |= b;
        } else {
          errors.add("line " + line + ": requires_escalation must be true or false");
        }
      } else if (parameters.containsKey(key)) {
        errors.add("line " + line + ": parameter '" + key + "' is given twice");
      } else {
        parameters.put(key, value);
      }
    }
    description.append(rest.substring(last));
    String text = WHITESPACE.matcher(description).replaceAll(" ").strip();
    while (text.startsWith("-") || text.startsWith(":") || text.startsWith("\u2013")
        || text.startsWith("\u2014")) {
      text = text.substring(1).strip();
    }
    return new ProposedStep(index, action, tool, parameters, text, escalation);
  }

  private static Object value(String raw) {
    if (raw.startsWith("\"")) {
      return StrictJson.parse(raw);
    }
    if (raw.startsWith("'")) {
      return raw.substring(1, raw.length() - 1);
    }
    switch (raw) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null":
        return null;
      default:
        break;
    }
    if (raw.startsWith("[") || raw.startsWith("{") || NUMBER.matcher(raw).matches()) {
      return StrictJson.parse(raw);
    }
    return raw;
  }

  private static String summary(List<String> errors) {
    return errors.size() == 1 ? errors.get(0)
        : errors.size() + " problems, first: " + errors.get(0);
  }

  /** At most 24 characters of the output, escaped. */
  private static String preview(String text) {
    String s = text.strip();
    return s.length() <= 24 ? "'" + ActionIds.printable(s) + "'"
        : "'" + ActionIds.printable(s.substring(0, 24)) + "...'";
  }
}
