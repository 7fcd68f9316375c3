package io.ape.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes what a server reported safe to keep, print and write into a policy, before anything else
 * sees it. The server is untrusted: a hostile or misconfigured one could echo a secret of its
 * {@code env} (its handshake name, a tool's description), or send terminal escape sequences and
 * line breaks to forge lines of a report or of the generated YAML.
 *
 * <p>Guarantees of {@link #clean}: the server's name and version, every tool's title and
 * description, the listing's notes and schema problems are one line without control characters
 * (ANSI escapes lose their ESC), bounded in length, with every value of the server's
 * {@code env} and {@code headers} (as written and as expanded) and every token-shaped word
 * replaced by {@link SecretValues#MASK} ({@link TextSafety#scrub}, the mechanism used for the
 * scanner's other messages); a tool whose name contains such a value is dropped (so it is
 * denied), and an input schema with such a value anywhere in it is discarded (so the tool is
 * escalated, its arguments unknown); the {@code description} and {@code title} texts inside a
 * schema are made one bounded line too. Stateless.
 */
final class ServerText {
  /** Longest description kept. */
  static final int MAX_DESCRIPTION_CHARS = 1_000;

  private ServerText() {}

  /** The listing with every server-reported text made safe; see the class comment. */
  static ServerTools clean(ServerTools raw, List<String> secrets) {
    List<String> notes = new ArrayList<>();
    raw.notes().forEach(n -> notes.add(TextSafety.scrub(n, secrets)));
    List<ScannedTool> tools = new ArrayList<>(raw.tools().size());
    int dropped = 0;
    for (ScannedTool t : raw.tools()) {
      if (containsSecret(t.name(), secrets)) {
        dropped++;
        continue;
      }
      tools.add(clean(t, secrets));
    }
    if (dropped > 0) {
      notes.add(dropped + " tool(s) whose name contains a value of the server's env or headers "
          + "were dropped (denied by default)");
    }
    return new ServerTools(TextSafety.scrub(raw.serverInfo(), secrets), tools, notes);
  }

  /** One tool with its free text made safe (its name is kept as it is: it must match calls). */
  static ScannedTool clean(ScannedTool t, List<String> secrets) {
    Map<String, Object> schema = t.inputSchema();
    String problem = TextSafety.scrub(t.schemaProblem(), secrets);
    if (containsSecret(schema, secrets)) {
      schema = Map.of();
      problem = "the input schema contains a value of the server's env or headers and was discarded";
    } else {
      schema = cleanFreeText(schema, secrets);
    }
    return new ScannedTool(t.name(), TextSafety.scrub(t.title(), secrets),
        TextSafety.scrub(t.description(), secrets, MAX_DESCRIPTION_CHARS), schema, t.hints(),
        t.source(), problem, scrubbed(t.poisoning(), secrets));
  }

  /** Findings whose reasons quote server text are scrubbed like the rest of it. */
  private static List<PoisoningFinding> scrubbed(List<PoisoningFinding> findings, List<String> secrets) {
    List<PoisoningFinding> out = new ArrayList<>(findings.size());
    for (PoisoningFinding f : findings) {
      out.add(new PoisoningFinding(f.kind(), TextSafety.scrub(f.where(), secrets),
          TextSafety.scrub(f.reason(), secrets, 400)));
    }
    return out;
  }

  /**
   * The schema with the free text of every {@code description} and {@code title} keyword made
   * one bounded line; every other keyword (types, names, enums, patterns) is kept as it is,
   * because it decides what the tool accepts.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> cleanFreeText(Map<String, Object> schema, List<String> secrets) {
    return (Map<String, Object>) cleanValue(schema, secrets);
  }

  private static Object cleanValue(Object value, List<String> secrets) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        boolean freeText = ("description".equals(k) || "title".equals(k)) && v instanceof String;
        out.put(String.valueOf(k), freeText
            ? TextSafety.scrub((String) v, secrets, MAX_DESCRIPTION_CHARS) : cleanValue(v, secrets));
      });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(cleanValue(v, secrets)));
      return out;
    }
    return value;
  }

  /** {@code true} if a string anywhere in the value (keys included) contains a secret. */
  static boolean containsSecret(Object value, List<String> secrets) {
    if (value instanceof String s) {
      for (String secret : secrets) {
        if (secret != null && secret.length() >= TextSafety.MIN_SECRET_CHARS && s.contains(secret)) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (containsSecret(e.getKey(), secrets) || containsSecret(e.getValue(), secrets)) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof List<?> l) {
      for (Object o : l) {
        if (containsSecret(o, secrets)) {
          return true;
        }
      }
    }
    return false;
  }
}
