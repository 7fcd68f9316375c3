package io.ape.agentdojo.yaml;

import io.ape.agentdojo.AgentDojoException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The scalars of a dumped environment whose text holds a brace, with their place in the tree and
 * their span in the text. Substituting the vectors into those spans only and loading each span
 * alone gives the same tree as formatting and loading the whole text (a double-quoted scalar is
 * read the same alone or in its document), at a fraction of the cost. When a brace appears
 * outside a value scalar (a key, a flow collection), {@link #usable()} is false and the caller
 * renders the whole text.
 *
 * @since 0.2.0
 */
final class ScalarSlots {
  /** One value scalar: the keys and indices leading to it, and its span in the text. */
  record Slot(List<Object> path, int start, int end) {}

  private final List<Slot> slots;
  private final boolean usable;

  private ScalarSlots(List<Slot> slots, boolean usable) {
    this.slots = List.copyOf(slots);
    this.usable = usable;
  }

  List<Slot> slots() {
    return slots;
  }

  boolean usable() {
    return usable;
  }

  /** Finds the slots of {@code text} (ASCII, as the dumper writes it). */
  static ScalarSlots of(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return new ScalarSlots(List.of(), false);
      }
    }
    List<Slot> slots = new ArrayList<>();
    boolean[] covered = new boolean[text.length()];
    Deque<Frame> stack = new ArrayDeque<>();
    boolean usable = true;
    Yaml yaml = new Yaml(new LoaderOptions());
    for (Event e : yaml.parse(new StringReader(text))) {
      switch (e.getEventId()) {
        case MappingStart -> {
          Object key = stack.isEmpty() ? null : stack.peek().childKey();
          stack.push(new Frame(true, key));
        }
        case SequenceStart -> {
          Object key = stack.isEmpty() ? null : stack.peek().childKey();
          stack.push(new Frame(false, key));
        }
        case MappingEnd, SequenceEnd -> {
          stack.pop();
          if (!stack.isEmpty()) {
            stack.peek().advance();
          }
        }
        case Scalar -> {
          ScalarEvent s = (ScalarEvent) e;
          int start = s.getStartMark().getIndex();
          int end = s.getEndMark().getIndex();
          Frame top = stack.peek();
          boolean isKey = top != null && top.mapping && top.expectingKey;
          boolean brace = text.substring(start, end).indexOf('{') >= 0 || text.substring(start, end).indexOf('}') >= 0;
          if (isKey) {
            if (brace) {
              usable = false;
            }
            top.key = s.getValue();
            top.expectingKey = false;
          } else {
            if (brace) {
              List<Object> path = new ArrayList<>();
              for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
                Frame f = it.next();
                if (f.parentKey != null) {
                  path.add(f.parentKey);
                }
              }
              if (top != null) {
                path.add(top.childKey());
              }
              slots.add(new Slot(path, start, end));
              for (int i = start; i < end; i++) {
                covered[i] = true;
              }
            }
            if (top != null) {
              top.advance();
            }
          }
        }
        default -> { }
      }
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == '{' || c == '}') && !covered[i]) {
        usable = false;
        break;
      }
    }
    return new ScalarSlots(slots, usable);
  }

  /** A copy of {@code tree} with the slots' values replaced by {@code values} (by slot index). */
  @SuppressWarnings("unchecked")
  static Object replace(Object tree, List<Slot> slots, List<Object> values) {
    Object copy = copy(tree);
    for (int i = 0; i < slots.size(); i++) {
      List<Object> path = slots.get(i).path();
      Object node = copy;
      for (int k = 0; k < path.size() - 1; k++) {
        node = child(node, path.get(k));
      }
      Object last = path.get(path.size() - 1);
      if (node instanceof Map<?, ?> m) {
        ((Map<String, Object>) m).put((String) last, values.get(i));
      } else if (node instanceof List<?> l) {
        ((List<Object>) l).set((Integer) last, values.get(i));
      } else {
        throw new AgentDojoException("environment template: no container at " + path);
      }
    }
    return copy;
  }

  private static Object child(Object node, Object key) {
    if (node instanceof Map<?, ?> m) {
      return m.get(key);
    }
    return ((List<?>) node).get((Integer) key);
  }

  private static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, copy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    return v;
  }

  private static final class Frame {
    final boolean mapping;
    final Object parentKey;
    boolean expectingKey = true;
    String key;
    int index;

    Frame(boolean mapping, Object parentKey) {
      this.mapping = mapping;
      this.parentKey = parentKey;
    }

    Object childKey() {
      return mapping ? key : (Object) index;
    }

    void advance() {
      if (mapping) {
        expectingKey = true;
      } else {
        index++;
      }
    }
  }
}
