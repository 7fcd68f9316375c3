package io.ape.agentdojo.tasks;

import io.ape.agentdojo.data.ExprArg;
import io.ape.agentdojo.data.GroundTruthCall;
import io.ape.agentdojo.data.TaskDefinition;
import io.ape.agentdojo.yaml.PyRepr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of what a task's Java translation was written from: the first 12 hex digits of
 * the SHA-256 of a canonical text of the definition's check sources ({@code utility_source},
 * {@code security_source}, the {@code *_from_traces_source}s, the helper methods), its class
 * constants and its ground truth. A hand translation records the fingerprint it was made from;
 * loading data whose fingerprint differs (a new benchmark release, an edited file) is refused.
 *
 * <p>Canonical text: each source as {@code name NUL text NUL} in name order, then {@code
 * constants NUL} and the constants as canonical JSON, then {@code ground_truth NUL} and the
 * ground truth as canonical JSON ({@code [{"args":{...},"function":...}]}, an expression as
 * {@code {"expr":...,"where":[...]}}). Canonical JSON sorts keys, has no spaces, writes floats
 * as Python's {@code repr}, and escapes only {@code "}, {@code \} and control characters.
 *
 * @since 0.2.0
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** The fingerprint of a definition. */
  public static String of(TaskDefinition d) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(d.sources()).entrySet()) {
      if (e.getKey().equals("utility_rule")) {
        continue;
      }
      b.append(e.getKey()).append('\0').append(e.getValue()).append('\0');
    }
    b.append("constants\0");
    json(b, d.classConstants());
    b.append("\0ground_truth\0");
    List<Object> gt = new ArrayList<>();
    for (GroundTruthCall c : d.groundTruth()) {
      gt.add(Map.of("function", c.function(), "args", c.args()));
    }
    json(b, gt);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void json(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean bool) {
      b.append(bool ? "true" : "false");
    } else if (v instanceof Double d) {
      b.append(PyRepr.floatRepr(d));
    } else if (v instanceof Number n) {
      b.append(n.longValue());
    } else if (v instanceof ExprArg e) {
      json(b, Map.of("expr", e.expr(), "where", e.where()));
    } else if (v instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>();
      m.keySet().forEach(k -> keys.add(String.valueOf(k)));
      Collections.sort(keys);
      b.append('{');
      boolean first = true;
      for (String k : keys) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, k);
        b.append(':');
        json(b, m.get(k));
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        json(b, l.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("cannot fingerprint " + v.getClass());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }
}
