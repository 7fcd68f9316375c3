package io.ape.cli;

import io.ape.api.ActionParameterException;
import io.ape.api.ParameterValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --param KEY=VALUE} and {@code --params-json JSON} options, shared by the commands
 * that evaluate one action. Any malformed value, or a key given twice, is a usage error.
 */
final class ParameterOptions {
  @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
      description = "A parameter of the action (repeatable). The value is a string; "
          + "write KEY:=JSON for a typed value, e.g. size:=1024 or tags:='[\"a\"]'.")
  List<String> params = new ArrayList<>();

  @Option(names = "--params-json", paramLabel = "JSON",
      description = "All parameters as one JSON object, e.g. '{\"path\": \"/tmp/a.txt\"}'. "
          + "May be combined with --param; a key given twice is an error.")
  String paramsJson;

  /** The parameters, as an unmodifiable deep copy. */
  Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String p : params) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new CliUsageException("--param expects KEY=VALUE or KEY:=JSON, got '"
            + Text.printable(p) + "'");
      }
      String key = p.substring(0, eq);
      Object value;
      if (key.endsWith(":")) {
        key = key.substring(0, key.length() - 1);
        value = Json.read(p.substring(eq + 1), "--param " + Text.printable(key));
      } else {
        value = p.substring(eq + 1);
      }
      if (key.isEmpty()) {
        throw new CliUsageException("--param has an empty key: '" + Text.printable(p) + "'");
      }
      put(out, key, value);
    }
    if (paramsJson != null) {
      Object parsed = Json.read(paramsJson, "--params-json");
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new CliUsageException("--params-json must be a JSON object, e.g. '{\"path\": \"/tmp/a\"}'");
      }
      map.forEach((k, v) -> put(out, (String) k, v));
    }
    try {
      return ParameterValues.copyOf(out);
    } catch (ActionParameterException e) {
      throw new CliUsageException("invalid parameters: " + e.getMessage(), e);
    }
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (out.containsKey(key)) {
      throw new CliUsageException("parameter '" + Text.printable(key) + "' is given more than once");
    }
    out.put(key, value);
  }
}
