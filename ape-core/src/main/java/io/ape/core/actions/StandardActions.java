package io.ape.core.actions;

import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.RiskLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 18 standard actions of the Python original ({@code create_standard_repository}), with the
 * same ids, categories, risk levels, parameter schemas, descriptions, tags and examples.
 *
 * <p>Registration order: read_file, list_directory, search_files, write_file, append_file,
 * create_directory, delete_file, delete_directory, http_get, http_post, query_data,
 * insert_data, update_data, delete_data, send_email, send_notification, execute_code,
 * run_shell_command. Every schema is an object with {@code additionalProperties: false}.
 *
 * <p>Differences in enforcement (the definitions themselves are unchanged, so the frozen
 * repository has the Python original's version hash): {@code format: uri} and
 * {@code format: email} are asserted, network URLs must be http or https, the
 * {@code query_must_be_select} constraint of {@code query_data} is enforced, and the
 * repository's parameter hardening applies (see {@link ActionRepository#validateParameters}).
 */
public final class StandardActions {
  /** The frozen standard repository's version; equal to the Python original's. */
  public static final String FROZEN_VERSION =
      "ab7fe32475193411055e358a44afa96152a492c200fc2319cea75653feba4c8d";

  private StandardActions() {}

  /** A new, not yet frozen repository holding the 18 standard actions. */
  public static ActionRepository createRepository() {
    ActionRepository repository = new ActionRepository();
    repository.registerAll(definitions());
    return repository;
  }

  /** The 18 standard definitions, in registration order. */
  public static List<ActionDefinition> definitions() {
    return List.of(
        action("read_file", "Read the contents of a single file", ActionCategory.FILE_READ,
            RiskLevel.MINIMAL, false, "single_file", List.of("filesystem", "read"),
            object(List.of("path"),
                "path", map("type", "string", "description", "Path to the file to read",
                    "minLength", 1),
                "encoding", map("type", "string", "description",
                    "File encoding (default: utf-8)", "default", "utf-8")),
            List.of(map("path", "config.json"), map("path", "/etc/hosts", "encoding", "ascii")),
            Map.of()),
        action("list_directory", "List contents of a directory", ActionCategory.FILE_READ,
            RiskLevel.MINIMAL, false, "directory", List.of("filesystem", "read"),
            object(List.of("path"),
                "path", map("type", "string", "description", "Path to the directory"),
                "recursive", map("type", "boolean", "description", "List recursively",
                    "default", false),
                "max_depth", map("type", "integer", "description", "Maximum recursion depth",
                    "minimum", 1, "default", 3)),
            List.of(), Map.of()),
        action("search_files", "Search for files matching a pattern", ActionCategory.FILE_READ,
            RiskLevel.LOW, false, "directory", List.of("filesystem", "read", "search"),
            object(List.of("pattern"),
                "pattern", map("type", "string", "description", "Glob pattern (e.g., '*.py')"),
                "directory", map("type", "string", "description", "Root directory to search",
                    "default", "."),
                "max_results", map("type", "integer", "description",
                    "Maximum results to return", "minimum", 1, "maximum", 1000,
                    "default", 100)),
            List.of(), Map.of()),
        action("write_file", "Write content to a file (creates or overwrites)",
            ActionCategory.FILE_WRITE, RiskLevel.MODERATE, false, "single_file",
            List.of("filesystem", "write"),
            object(List.of("path", "content"),
                "path", map("type", "string", "description", "Path to the file"),
                "content", map("type", "string", "description", "Content to write"),
                "encoding", map("type", "string", "default", "utf-8"),
                "create_directories", map("type", "boolean", "description",
                    "Create parent directories if needed", "default", false)),
            List.of(), Map.of()),
        action("append_file", "Append content to an existing file", ActionCategory.FILE_WRITE,
            RiskLevel.LOW, false, "single_file", List.of("filesystem", "write"),
            object(List.of("path", "content"),
                "path", map("type", "string"),
                "content", map("type", "string")),
            List.of(), Map.of()),
        action("create_directory", "Create a new directory", ActionCategory.FILE_WRITE,
            RiskLevel.LOW, false, "directory", List.of("filesystem", "write"),
            object(List.of("path"),
                "path", map("type", "string"),
                "parents", map("type", "boolean", "description", "Create parent directories",
                    "default", true)),
            List.of(), Map.of()),
        action("delete_file", "Delete a single file", ActionCategory.FILE_DELETE,
            RiskLevel.HIGH, true, "single_file", List.of("filesystem", "delete", "destructive"),
            object(List.of("path"), "path", map("type", "string")),
            List.of(), Map.of()),
        action("delete_directory", "Delete a directory and all its contents",
            ActionCategory.FILE_DELETE, RiskLevel.CRITICAL, true, "directory",
            List.of("filesystem", "delete", "destructive"),
            object(List.of("path"),
                "path", map("type", "string"),
                "recursive", map("type", "boolean", "description", "Delete contents recursively",
                    "default", false)),
            List.of(), Map.of()),
        action("http_get", "Make an HTTP GET request", ActionCategory.NETWORK, RiskLevel.LOW,
            false, "", List.of("network", "http", "read"),
            object(List.of("url"),
                "url", map("type", "string", "format", "uri"),
                "headers", headers(),
                "timeout", map("type", "integer", "minimum", 1, "maximum", 300, "default", 30)),
            List.of(), Map.of()),
        action("http_post", "Make an HTTP POST request", ActionCategory.NETWORK,
            RiskLevel.MODERATE, false, "", List.of("network", "http", "write"),
            object(List.of("url"),
                "url", map("type", "string", "format", "uri"),
                "body", map("type", "string"),
                "json", map("type", "object"),
                "headers", headers(),
                "timeout", map("type", "integer", "minimum", 1, "maximum", 300, "default", 30)),
            List.of(), Map.of()),
        action("query_data", "Execute a read-only database query", ActionCategory.DATABASE_READ,
            RiskLevel.LOW, false, "", List.of("database", "read"),
            object(List.of("query"),
                "query", map("type", "string", "description", "The query to execute"),
                "parameters", map("type", "array", "description", "Query parameters",
                    "items", Map.of()),
                "limit", map("type", "integer", "minimum", 1, "maximum", 10000,
                    "default", 1000)),
            List.of(), map(ActionConstraints.QUERY_MUST_BE_SELECT, true)),
        action("insert_data", "Insert data into a database", ActionCategory.DATABASE_WRITE,
            RiskLevel.MODERATE, false, "", List.of("database", "write"),
            object(List.of("table", "data"),
                "table", map("type", "string"),
                "data", map("type", "object", "description", "Key-value pairs to insert")),
            List.of(), Map.of()),
        action("update_data", "Update existing database records", ActionCategory.DATABASE_WRITE,
            RiskLevel.MODERATE, false, "", List.of("database", "write"),
            object(List.of("table", "data", "where"),
                "table", map("type", "string"),
                "data", map("type", "object"),
                "where", map("type", "object", "description", "Conditions to match")),
            List.of(), Map.of()),
        action("delete_data", "Delete database records", ActionCategory.DATABASE_WRITE,
            RiskLevel.HIGH, true, "", List.of("database", "delete", "destructive"),
            object(List.of("table", "where"),
                "table", map("type", "string"),
                "where", map("type", "object", "description", "Conditions to match",
                    "minProperties", 1)),
            List.of(), Map.of()),
        action("send_email", "Send an email message", ActionCategory.COMMUNICATION,
            RiskLevel.MODERATE, true, "", List.of("communication", "email"),
            object(List.of("to", "subject", "body"),
                "to", map("type", "array", "items", map("type", "string", "format", "email"),
                    "minItems", 1),
                "cc", map("type", "array", "items", map("type", "string", "format", "email")),
                "subject", map("type", "string", "maxLength", 998),
                "body", map("type", "string"),
                "html", map("type", "boolean", "default", false)),
            List.of(), Map.of()),
        action("send_notification", "Send a notification (e.g., Slack, webhook)",
            ActionCategory.COMMUNICATION, RiskLevel.LOW, false, "",
            List.of("communication", "notification"),
            object(List.of("channel", "message"),
                "channel", map("type", "string"),
                "message", map("type", "string", "maxLength", 4000)),
            List.of(), Map.of()),
        action("execute_code", "Execute code in a sandboxed environment", ActionCategory.COMPUTE,
            RiskLevel.HIGH, true, "", List.of("compute", "execute"),
            object(List.of("language", "code"),
                "language", map("type", "string", "enum",
                    List.of("python", "javascript", "bash")),
                "code", map("type", "string"),
                "timeout", map("type", "integer", "minimum", 1, "maximum", 300, "default", 60)),
            List.of(), Map.of()),
        action("run_shell_command", "Execute a shell command", ActionCategory.SYSTEM,
            RiskLevel.CRITICAL, true, "", List.of("system", "shell", "execute"),
            object(List.of("command"),
                "command", map("type", "string"),
                "working_directory", map("type", "string"),
                "timeout", map("type", "integer", "minimum", 1, "maximum", 3600, "default", 60),
                "capture_output", map("type", "boolean", "default", true)),
            List.of(), Map.of()));
  }

  private static ActionDefinition action(String id, String description, ActionCategory category,
      RiskLevel risk, boolean humanReview, String breadth, List<String> tags,
      Map<String, Object> schema, List<Map<String, Object>> examples,
      Map<String, Object> constraints) {
    return new ActionDefinition(id, description, category, risk, schema, List.of(), humanReview,
        breadth, tags, examples, constraints);
  }

  private static Map<String, Object> headers() {
    return map("type", "object", "additionalProperties", map("type", "string"));
  }

  private static Map<String, Object> object(List<String> required, Object... properties) {
    return map("type", "object", "required", required, "properties", map(properties),
        "additionalProperties", false);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
