package io.ape.core.provenance;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Visits the leaves of a JSON-like value: strings, numbers, booleans, {@code null}, the elements
 * of lists, collections and arrays, and the keys and values of maps. Other objects are visited as
 * their {@code toString()}; characters as one-character strings; enums by name.
 *
 * <p>Bounded: a walk stops at {@code maxDepth} levels of nesting and once the leaves add up to
 * more than {@code maxChars} characters (every leaf counts at least one, so a walk visits at most
 * {@code maxChars} leaves), and reports why. A value whose iteration or {@code toString()} throws
 * is {@link Outcome#UNREADABLE}.
 */
final class ValueWalker {
  /** How a walk ended. */
  enum Outcome {
    /** Every leaf was visited. */
    COMPLETE,
    /** The visitor asked to stop. */
    STOPPED,
    /** Nested deeper than allowed; the leaves beyond were not visited. */
    TOO_DEEP,
    /** More characters than allowed; the leaves beyond were not visited. */
    TOO_LARGE,
    /** Iterating the value or rendering a leaf threw. */
    UNREADABLE
  }

  /** Receives the leaves; each method returns {@code false} to stop the walk. */
  interface Visitor {
    boolean text(String s);

    boolean key(String k);

    boolean number(Number n);

    boolean bool(boolean b);

    /** {@code null}, or a list or map without elements. */
    boolean empty();
  }

  private final int maxDepth;
  private final long maxChars;
  private final Visitor visitor;
  private long chars;

  private ValueWalker(int maxDepth, long maxChars, Visitor visitor) {
    this.maxDepth = maxDepth;
    this.maxChars = maxChars;
    this.visitor = visitor;
  }

  /** How a walk ended and how many characters it counted. */
  record Result(Outcome outcome, long chars) {
    /** Whether every leaf was visited, or the visitor stopped the walk. */
    boolean readable() {
      return outcome == Outcome.COMPLETE || outcome == Outcome.STOPPED;
    }
  }

  /** Walks {@code value}. */
  static Result walk(Object value, int maxDepth, long maxChars, Visitor visitor) {
    ValueWalker w = new ValueWalker(maxDepth, maxChars, visitor);
    Outcome o;
    try {
      o = w.visit(value, 0);
    } catch (RuntimeException | StackOverflowError e) {
      o = Outcome.UNREADABLE;
    }
    return new Result(o, w.chars);
  }

  /** Counts {@code n} characters (at least one); {@link Outcome#TOO_LARGE} once past the bound. */
  private Outcome count(long n) {
    chars += Math.max(1, n);
    return chars > maxChars ? Outcome.TOO_LARGE : null;
  }

  private Outcome visit(Object v, int depth) {
    if (v == null) {
      return empty();
    }
    if (v instanceof String s) {
      return text(s);
    }
    if (v instanceof Boolean b) {
      Outcome over = count(1);
      return over != null ? over : visitor.bool(b) ? Outcome.COMPLETE : Outcome.STOPPED;
    }
    if (v instanceof Number n) {
      Outcome over = count(1);
      return over != null ? over : visitor.number(n) ? Outcome.COMPLETE : Outcome.STOPPED;
    }
    if (v instanceof Map<?, ?> m) {
      return children(m.isEmpty(), depth, () -> {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          Object k = e.getKey();
          Outcome o = k == null ? empty() : key(String.valueOf(k));
          if (o == Outcome.COMPLETE) {
            o = visit(e.getValue(), depth + 1);
          }
          if (o != Outcome.COMPLETE) {
            return o;
          }
        }
        return Outcome.COMPLETE;
      });
    }
    if (v instanceof Collection<?> c) {
      return children(c.isEmpty(), depth, () -> {
        for (Object e : c) {
          Outcome o = visit(e, depth + 1);
          if (o != Outcome.COMPLETE) {
            return o;
          }
        }
        return Outcome.COMPLETE;
      });
    }
    if (v.getClass().isArray()) {
      int n = Array.getLength(v);
      return children(n == 0, depth, () -> {
        for (int i = 0; i < n; i++) {
          Outcome o = visit(Array.get(v, i), depth + 1);
          if (o != Outcome.COMPLETE) {
            return o;
          }
        }
        return Outcome.COMPLETE;
      });
    }
    if (v instanceof Character c) {
      return text(String.valueOf(c.charValue()));
    }
    if (v instanceof Enum<?> e) {
      return text(e.name());
    }
    String s = v.toString();
    return text(s == null ? "" : s);
  }

  private Outcome text(String s) {
    Outcome over = count(s.length());
    return over != null ? over : visitor.text(s) ? Outcome.COMPLETE : Outcome.STOPPED;
  }

  private Outcome key(String k) {
    Outcome over = count(k.length());
    return over != null ? over : visitor.key(k) ? Outcome.COMPLETE : Outcome.STOPPED;
  }

  private Outcome empty() {
    Outcome over = count(1);
    return over != null ? over : visitor.empty() ? Outcome.COMPLETE : Outcome.STOPPED;
  }

  private Outcome children(boolean isEmpty, int depth, Supplier<Outcome> body) {
    if (isEmpty) {
      return empty();
    }
    if (depth + 1 > maxDepth) {
      return Outcome.TOO_DEEP;
    }
    return body.get();
  }
}
