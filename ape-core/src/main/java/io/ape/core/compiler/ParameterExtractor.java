package io.ape.core.compiler;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.ape.api.ActionDefinition;
import io.ape.core.internal.ListValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Extracts the parameter values a prompt names for an action, from the part of the prompt that
 * belongs to it (its segment: from its phrase to the next action phrase; the first segment
 * starts at the beginning of the prompt).
 *
 * <p>Only parameters the action's schema declares are filled, and only from values of the
 * right kind: paths for {@code path}/{@code directory}, URLs for {@code url}, e-mail addresses
 * for {@code to}, channels for {@code channel}, globs for {@code pattern}, table names for
 * {@code table}, quoted text for content, messages and code, the argument of a shell command
 * or SQL query phrase for {@code command}/{@code query}. Extraction never invents a value; the
 * result may be partial (the plan generator validates the merged parameters).
 */
final class ParameterExtractor {
  private static final Set<String> PATH_KEYS = Set.of("path", "file", "file_path", "filepath",
      "filename", "directory", "dir", "folder", "working_directory");
  private static final Set<String> URL_KEYS = Set.of("url", "uri", "endpoint", "link");
  private static final Set<String> EMAIL_KEYS = Set.of("to", "recipient", "recipients", "email",
      "emails");
  private static final Set<String> DIRECTORY_ACTIONS = Set.of("list_directory",
      "create_directory", "delete_directory");
  private static final Set<String> TABLE_STOPWORDS = Set.of("the", "a", "an", "my", "our",
      "your", "this", "that", "these", "those", "database", "db", "table", "tables", "all",
      "every", "each", "it", "them", "records", "record", "rows", "row", "data", "entries",
      "entry", "new", "same", "following", "set", "where", "and", "or", "to", "in", "of");
  private static final Set<String> DIRECTORY_STOPWORDS = Set.of("the", "a", "an", "my", "our",
      "your", "this", "that", "new", "empty", "entire", "whole", "same", "following", "temp",
      "parent", "root", "home", "current", "working", "that's", "it");
  private static final Pattern TABLE_NAMED = Pattern.compile(
      "(?i)\\btable\\s+(?:named\\s+|called\\s+)?([a-z_][\\w.]*)");
  private static final Pattern TABLE_BEFORE = Pattern.compile("(?i)\\b([a-z_][\\w.]*)\\s+table\\b");
  private static final Pattern TABLE_SQL = Pattern.compile(
      "(?i)\\b(?:from|into|update|join)\\s+([a-z_][\\w.]*)");
  private static final Pattern NAMED_DIRECTORY = Pattern.compile(
      "(?i)\\b(?:folder|directory|dir)\\s+(?:called|named)\\s+([\\w][\\w.-]*)");
  private static final Pattern DIRECTORY_NOUN = Pattern.compile(
      "(?i)\\b([\\w][\\w.-]*)\\s+(?:folder|directory|dir)\\b");
  private static final Pattern CURRENT_DIRECTORY = Pattern.compile(
      "(?i)\\b(?:current|working|this)\\s+(?:folder|directory|dir)\\b");
  private static final Pattern RECURSIVE = Pattern.compile("(?i)\\brecursive(?:ly)?\\b"
      + "|\\brm\\s+(?:-[a-z]+\\s+)*-[a-z]*r[a-z]*\\b");
  private static final Pattern TARGET_PATH = Pattern.compile(
      "(?i)\\b(?:to|into|in|as)\\s+(?:an?\\s+|the\\s+|new\\s+)*(?:file\\s+)?(" 
          + EntityKind.PATH.regex() + ")");
  private static final Pattern NAMED_PATTERN = Pattern.compile(
      "(?i)\\b(?:named|called|matching|like)\\s+(" + EntityKind.TEXT.regex() + ")");

  private ParameterExtractor() {}

  /**
   * The values the segments name for the action, per parameter, in order of appearance.
   *
   * @param definition the action (its schema decides which parameters are filled)
   * @param prompt the scanned prompt
   * @param signals the action's signals, in prompt order
   * @param segmentEnds for each signal, the end of its segment
   * @param segmentStarts for each signal, the start of its segment
   */
  static Map<String, List<Object>> extract(ActionDefinition definition, ScannedPrompt prompt,
      List<PromptSignal> signals, int[] segmentStarts, int[] segmentEnds) {
    Map<String, Object> properties = properties(definition);
    Map<String, List<Object>> out = new LinkedHashMap<>();
    String action = definition.actionId();
    for (int i = 0; i < signals.size(); i++) {
      PromptSignal sig = signals.get(i);
      int from = segmentStarts[i];
      int to = segmentEnds[i];
      for (String key : properties.keySet()) {
        Object type = propertyType(properties.get(key));
        if (PATH_KEYS.contains(key) && "string".equals(type)) {
          paths(action, prompt, sig, from, to, out, key);
        } else if (URL_KEYS.contains(key) && "string".equals(type)) {
          addAll(out, key, values(prompt, EntityKind.URL, from, to));
        } else if (EMAIL_KEYS.contains(key)) {
          List<Object> emails = values(prompt, EntityKind.EMAIL, from, to);
          if ("array".equals(type) && !emails.isEmpty()) {
            add(out, key, ListValues.of(emails)); // a list value, as the policy's each/any see it
          } else if ("string".equals(type)) {
            addAll(out, key, emails);
          }
        } else if (key.equals("channel") && "string".equals(type)) {
          addAll(out, key, values(prompt, EntityKind.CHANNEL, from, to));
        } else if ((key.equals("pattern") || key.equals("glob")) && "string".equals(type)) {
          addAll(out, key, values(prompt, EntityKind.GLOB, from, to));
          namedPattern(prompt, from, to, out, key);
        } else if (key.equals("table") && "string".equals(type)) {
          table(prompt, from, to, out, key);
        } else if ((key.equals("content") || key.equals("message") || key.equals("code"))
            && "string".equals(type)) {
          addAll(out, key, values(prompt, EntityKind.TEXT, sig.start(), to));
        } else if ((key.equals("command") || key.equals("query")) && "string".equals(type)) {
          argument(prompt, sig, out, key);
        } else if (key.equals("language") && "string".equals(type)) {
          language(prompt, sig, from, to, out, key);
        } else if (key.equals("recursive") && "boolean".equals(type)
            && RECURSIVE.matcher(prompt.masked().substring(from, to)).find()) {
          add(out, key, Boolean.TRUE);
        }
      }
    }
    return out;
  }

  private static void paths(String action, ScannedPrompt prompt, PromptSignal sig, int from,
      int to, Map<String, List<Object>> out, String key) {
    if (key.equals("directory") && action.equals("search_files")) {
      addAll(out, key, values(prompt, EntityKind.PATH, from, to));
      return;
    }
    if (!key.equals("path")) {
      return;
    }
    if (action.equals("write_file") || action.equals("append_file")) {
      Matcher target = TARGET_PATH.matcher(prompt.masked());
      int at = sig.start();
      while (at < to && target.find(at) && target.start(1) < to) {
        Entity e = entityAt(prompt, target.start(1));
        if (e != null) {
          add(out, key, e.value());
        }
        at = target.end();
      }
    }
    addAll(out, key, values(prompt, EntityKind.PATH, from, to));
    if (DIRECTORY_ACTIONS.contains(action) && !out.containsKey(key)) {
      String segment = prompt.masked().substring(from, to);
      if (CURRENT_DIRECTORY.matcher(segment).find()) {
        add(out, key, ".");
        return;
      }
      for (Pattern p : List.of(NAMED_DIRECTORY, DIRECTORY_NOUN)) {
        Matcher named = p.matcher(segment);
        while (named.find()) {
          String name = prompt.text().substring(from + named.start(1), from + named.end(1));
          if (!DIRECTORY_STOPWORDS.contains(name.toLowerCase(Locale.ROOT))) {
            add(out, key, name);
            return;
          }
        }
      }
    }
  }

  private static void namedPattern(ScannedPrompt prompt, int from, int to,
      Map<String, List<Object>> out, String key) {
    Matcher m = NAMED_PATTERN.matcher(prompt.masked());
    int at = from;
    while (at < to && m.find(at) && m.start(1) < to) {
      Entity e = entityAt(prompt, m.start(1));
      if (e != null) {
        add(out, key, e.value());
      }
      at = m.end();
    }
  }

  private static void table(ScannedPrompt prompt, int from, int to,
      Map<String, List<Object>> out, String key) {
    String segment = prompt.masked().substring(from, to);
    for (Pattern p : List.of(TABLE_NAMED, TABLE_BEFORE, TABLE_SQL)) {
      Matcher m = p.matcher(segment);
      while (m.find()) {
        String name = prompt.text().substring(from + m.start(1), from + m.end(1));
        if (!TABLE_STOPWORDS.contains(name.toLowerCase(Locale.ROOT))) {
          add(out, key, name);
          return;
        }
      }
    }
  }

  private static void argument(ScannedPrompt prompt, PromptSignal sig,
      Map<String, List<Object>> out, String key) {
    if (sig.argStart() < 0) {
      return;
    }
    Entity quoted = entityAt(prompt, sig.argStart());
    if (quoted != null && quoted.quoted()
        && prompt.text().substring(quoted.end(), sig.argEnd()).isBlank()) {
      add(out, key, quoted.value());
      return;
    }
    String arg = prompt.text().substring(sig.argStart(), sig.argEnd()).strip();
    if (!arg.isEmpty()) {
      add(out, key, arg);
    }
  }

  private static void language(ScannedPrompt prompt, PromptSignal sig, int from, int to,
      Map<String, List<Object>> out, String key) {
    String lang = sig.language();
    if (lang == null) {
      Entity script = prompt.first(EntityKind.PATH, from, to);
      lang = script == null ? null : SignalFinder.extension(script.value());
    }
    if (lang == null) {
      return;
    }
    switch (lang) {
      case "python": case "py":
        add(out, key, "python");
        break;
      case "javascript": case "js": case "node": case "mjs": case "cjs":
        add(out, key, "javascript");
        break;
      case "bash": case "shell": case "sh":
        add(out, key, "bash");
        break;
      default:
        break;
    }
  }

  private static Entity entityAt(ScannedPrompt prompt, int offset) {
    for (Entity e : prompt.entities()) {
      if (e.start() == offset) {
        return e;
      }
    }
    return null;
  }

  private static List<Object> values(ScannedPrompt prompt, EntityKind kind, int from, int to) {
    List<Object> out = new ArrayList<>();
    for (Entity e : prompt.entities(kind, from, to)) {
      out.add(e.value());
    }
    return out;
  }

  private static void addAll(Map<String, List<Object>> out, String key, List<Object> values) {
    for (Object v : values) {
      add(out, key, v);
    }
  }

  private static void add(Map<String, List<Object>> out, String key, Object value) {
    List<Object> list = out.computeIfAbsent(key, k -> new ArrayList<>());
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(ActionDefinition d) {
    Object props = d.parameterSchema().get("properties");
    return props instanceof Map ? (Map<String, Object>) props : Map.of();
  }

  private static Object propertyType(Object schema) {
    return schema instanceof Map<?, ?> m ? m.get("type") : null;
  }
}
