package io.ape.agentdojo.yaml;

import io.ape.agentdojo.AgentDojoException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;

/**
 * Writes a loaded YAML tree the way AgentDojo's {@code read_suite_file} does: PyYAML's {@code
 * yaml.dump(data, default_flow_style=False)} with AgentDojo's representer that puts every string
 * in double quotes ({@code yaml_loader.quoted_presenter}).
 *
 * <p>The text matters because AgentDojo then substitutes the injection vectors into it with
 * {@code str.format} and loads it again: an injected value lands inside a double-quoted scalar,
 * where YAML folds its line breaks and reads its backslash escapes. The output is PyYAML's
 * byte for byte for the benchmark's data: keys sorted, block style, width 80, indent 2, sequences
 * in mappings not indented, non-ASCII characters escaped, long double-quoted scalars folded with
 * {@code \} at the same positions (SnakeYAML's emitter is a port of PyYAML's).
 *
 * @since 0.2.0
 */
public final class PyYamlDumper {
  private static final ImplicitTuple IMPLICIT = new ImplicitTuple(true, true);

  private PyYamlDumper() {}

  /** The PyYAML text of {@code tree} (maps with string keys, lists, scalars). */
  public static String dump(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(80);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setAllowUnicode(false);
    options.setSplitLines(true);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    StringWriter out = new StringWriter();
    Emitter emitter = new Emitter(out, options);
    try {
      emitter.emit(new StreamStartEvent(null, null));
      emitter.emit(new DocumentStartEvent(null, null, false, null, null));
      emitNode(emitter, tree);
      emitter.emit(new DocumentEndEvent(null, null, false));
      emitter.emit(new StreamEndEvent(null, null));
    } catch (IOException e) {
      throw new AgentDojoException("YAML dump failed: " + e.getMessage(), e);
    }
    return upperCaseHexEscapes(out.toString());
  }

  /**
   * PyYAML writes {@code \xF6}, SnakeYAML {@code \xf6}. Every backslash of the text starts an
   * escape inside a double-quoted scalar (the only place the dump has backslashes), so the text
   * is read escape by escape.
   */
  private static String upperCaseHexEscapes(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text);
    int i = 0;
    while (i < b.length()) {
      if (b.charAt(i) != '\\' || i + 1 >= b.length()) {
        i++;
        continue;
      }
      char kind = b.charAt(i + 1);
      int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
      for (int k = i + 2; k < Math.min(b.length(), i + 2 + digits); k++) {
        b.setCharAt(k, Character.toUpperCase(b.charAt(k)));
      }
      i += 2 + digits;
    }
    return b.toString();
  }

  private static void emitNode(Emitter emitter, Object node) throws IOException {
    if (node instanceof Map<?, ?> map) {
      emitter.emit(new MappingStartEvent(null, null, true, null, null, DumperOptions.FlowStyle.BLOCK));
      List<String> keys = new ArrayList<>(map.size());
      for (Object key : map.keySet()) {
        if (!(key instanceof String s)) {
          throw new AgentDojoException("YAML dump: a mapping key is not a string: " + key);
        }
        keys.add(s);
      }
      Collections.sort(keys, PyYamlDumper::compareCodePoints);
      for (String key : keys) {
        emitNode(emitter, key);
        emitNode(emitter, map.get(key));
      }
      emitter.emit(new MappingEndEvent(null, null));
    } else if (node instanceof List<?> list) {
      emitter.emit(new SequenceStartEvent(null, null, true, null, null, DumperOptions.FlowStyle.BLOCK));
      for (Object item : list) {
        emitNode(emitter, item);
      }
      emitter.emit(new SequenceEndEvent(null, null));
    } else if (node instanceof String s) {
      emitter.emit(scalar(s, DumperOptions.ScalarStyle.DOUBLE_QUOTED));
    } else {
      emitter.emit(scalar(plainText(node), DumperOptions.ScalarStyle.PLAIN));
    }
  }

  private static ScalarEvent scalar(String value, DumperOptions.ScalarStyle style) {
    return new ScalarEvent(null, null, IMPLICIT, value, null, null, style);
  }

  /** PyYAML's representers for the scalars that are not strings. */
  static String plainText(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
        || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      String repr = PyRepr.floatRepr(d).toLowerCase(java.util.Locale.ROOT);
      if (!repr.contains(".") && repr.contains("e")) {
        repr = repr.replaceFirst("e", ".0e");
      }
      return repr;
    }
    if (value instanceof LocalDateTime t) {
      return PyRepr.datetime(t);
    }
    if (value instanceof LocalDate d) {
      return PyRepr.date(d);
    }
    throw new AgentDojoException("YAML dump: unsupported value type " + value.getClass().getName());
  }

  /** Python orders strings by code point; Java's compareTo orders UTF-16 units. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
