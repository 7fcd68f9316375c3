package io.ape.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the parameters of a tool that name files or directories, and those that name URLs or
 * hosts, from the top-level properties of its input schema. A parameter is path-like if its name
 * has a word such as path, file, directory, dir, folder, root, source or destination (split at
 * underscores, dashes and camel case) or its description speaks of a path, and it takes a string
 * or an array of strings. It is URL-like if its name has a word such as url, uri, host, domain or
 * endpoint, or its schema format is {@code uri}.
 */
final class ParameterKinds {
  private static final Set<String> PATH_WORDS = Set.of("path", "paths", "file", "files", "filename",
      "filenames", "filepath", "filepaths", "dir", "dirs", "directory", "directories", "folder",
      "folders", "root", "roots", "source", "src", "destination", "dest", "cwd", "workdir");
  private static final Set<String> URL_WORDS = Set.of("url", "urls", "uri", "uris", "href",
      "endpoint", "endpoints", "link", "links", "domain", "domains", "host", "hosts", "hostname",
      "website");
  private static final Pattern PATH_IN_DESCRIPTION = Pattern.compile("(?i)\\bpath\\b");
  private static final Pattern WORD_SPLIT = Pattern.compile(
      "[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  /**
   * The schema keyword with which the built-in catalogue (and only it: see
   * {@link ToolClassifier}) marks what a parameter holds, when its name would mislead.
   */
  static final String KIND = "x-ape-kind";
  /** A path inside a repository ({@code src/Main.java}), not a path on this machine. */
  static final String REPOSITORY_PATH = "repository-path";
  /** Objects that each carry a repository-relative path (e.g. GitHub's push_files). */
  static final String REPOSITORY_FILES = "repository-files";

  private ParameterKinds() {}

  /** The top-level parameters marked with {@link #KIND} {@code kind}, in schema order. */
  static List<String> parametersOfKind(Map<String, Object> schema, String kind) {
    List<String> out = new ArrayList<>();
    properties(schema).forEach((name, prop) -> {
      if (prop instanceof Map<?, ?> m && kind.equals(m.get(KIND))) {
        out.add(name);
      }
    });
    return out;
  }

  static List<String> pathParameters(Map<String, Object> schema) {
    List<String> out = new ArrayList<>();
    properties(schema).forEach((name, prop) -> {
      if (!takesStrings(prop)) {
        return;
      }
      boolean byName = words(name).stream().anyMatch(PATH_WORDS::contains);
      boolean byDescription = PATH_IN_DESCRIPTION.matcher(description(prop)).find()
          && words(name).stream().noneMatch(URL_WORDS::contains);
      if (byName || byDescription) {
        out.add(name);
      }
    });
    return out;
  }

  static List<String> urlParameters(Map<String, Object> schema) {
    List<String> out = new ArrayList<>();
    properties(schema).forEach((name, prop) -> {
      if (!takesStrings(prop)) {
        return;
      }
      boolean byName = words(name).stream().anyMatch(URL_WORDS::contains);
      boolean byFormat = prop instanceof Map<?, ?> m
          && ("uri".equals(m.get("format")) || "url".equals(m.get("format")));
      if (byName || byFormat) {
        out.add(name);
      }
    });
    return out;
  }

  /** The parameters among {@code names} whose schema type is an array (a list of values). */
  static List<String> listParameters(Map<String, Object> schema, List<String> names) {
    List<String> out = new ArrayList<>();
    Map<String, Object> props = properties(schema);
    for (String n : names) {
      if (props.get(n) instanceof Map<?, ?> m && ("array".equals(m.get("type"))
          || (m.get("type") instanceof List<?> types && types.contains("array")))) {
        out.add(n);
      }
    }
    return out;
  }

  /** Lower-case words of an identifier: {@code repo_path} and {@code repoPath} give repo, path. */
  static List<String> words(String identifier) {
    List<String> out = new ArrayList<>();
    for (String w : WORD_SPLIT.split(identifier)) {
      if (!w.isEmpty()) {
        out.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> schema) {
    Object p = schema.get("properties");
    return p instanceof Map ? (Map<String, Object>) p : Map.of();
  }

  private static boolean takesStrings(Object prop) {
    if (!(prop instanceof Map<?, ?> m)) {
      return true; // unknown shape: assume it could be a string
    }
    Object type = m.get("type");
    if (type == null) {
      return true;
    }
    if (type instanceof List<?> types) {
      return types.contains("string") || types.contains("array");
    }
    if ("string".equals(type)) {
      return true;
    }
    if ("array".equals(type)) {
      Object items = m.get("items");
      return !(items instanceof Map<?, ?> im) || im.get("type") == null || "string".equals(im.get("type"));
    }
    return false;
  }

  private static String description(Object prop) {
    if (prop instanceof Map<?, ?> m && m.get("description") instanceof String d) {
      return d;
    }
    return "";
  }
}
