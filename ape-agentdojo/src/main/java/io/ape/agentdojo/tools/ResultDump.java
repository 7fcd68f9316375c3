package io.ape.agentdojo.tools;

import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.PyEnumValue;
import io.ape.agentdojo.yaml.PyRepr;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's return value as the model sees it, as a JSON-like tree: models become maps of their
 * fields ({@code model_dump()}), datetimes Python's {@code str()} ({@code 2024-05-15 10:00:00}),
 * enums their value. The tree is a snapshot (unmodifiable, no link to the live environment).
 *
 * @since 0.2.0
 */
public final class ResultDump {
  private ResultDump() {}

  /** The tree of a tool result. */
  public static Object of(Object result) {
    if (result instanceof Model m) {
      return of(m.dump());
    }
    if (result instanceof Obj o) {
      return of(o.fields());
    }
    if (result instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
      return Collections.unmodifiableMap(out);
    }
    if (result instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(v -> out.add(of(v)));
      return Collections.unmodifiableList(out);
    }
    if (result instanceof LocalDateTime t) {
      return PyRepr.datetime(t);
    }
    if (result instanceof LocalDate d) {
      return PyRepr.date(d);
    }
    if (result instanceof PyEnumValue e) {
      return e.value();
    }
    return result;
  }

  /** {@code true} when some string in the tree contains {@code needle}. */
  public static boolean containsText(Object tree, String needle) {
    if (tree instanceof String s) {
      return s.contains(needle);
    }
    if (tree instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (containsText(e.getKey(), needle) || containsText(e.getValue(), needle)) {
          return true;
        }
      }
      return false;
    }
    if (tree instanceof Collection<?> c) {
      for (Object o : c) {
        if (containsText(o, needle)) {
          return true;
        }
      }
    }
    return false;
  }
}
