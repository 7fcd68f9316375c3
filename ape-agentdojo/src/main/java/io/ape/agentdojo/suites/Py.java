package io.ape.agentdojo.suites;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Python idioms the translated checks use, with Python's semantics: {@code str.lower()}, {@code
 * str.split()}, {@code in}, {@code any}/{@code all}, list indexing from the end.
 *
 * @since 0.2.0
 */
public final class Py {
  private Py() {}

  /** {@code s.lower()}. */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** {@code s.split()}: split on runs of whitespace, no empty strings. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** Python's {@code str.isspace()} for one character. */
  public static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f'
        || c == '\u001c' || c == '\u001d' || c == '\u001e' || c == '\u001f' || c == '\u0085'
        || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** {@code s.strip()}. */
  public static String strip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && isSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && isSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  /** {@code any(pred(x) for x in items)}. */
  public static <T> boolean any(Collection<T> items, Predicate<? super T> pred) {
    for (T t : items) {
      if (pred.test(t)) {
        return true;
      }
    }
    return false;
  }

  /** {@code all(pred(x) for x in items)}. */
  public static <T> boolean all(Collection<T> items, Predicate<? super T> pred) {
    for (T t : items) {
      if (!pred.test(t)) {
        return false;
      }
    }
    return true;
  }

  /** {@code [x for x in items if pred(x)]}. */
  public static <T> List<T> filter(Collection<T> items, Predicate<? super T> pred) {
    List<T> out = new ArrayList<>();
    for (T t : items) {
      if (pred.test(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** {@code items[-1]}, or {@link IndexOutOfBoundsException} (Python's IndexError) if empty. */
  public static <T> T last(List<T> items) {
    if (items.isEmpty()) {
      throw new IndexOutOfBoundsException("list index out of range");
    }
    return items.get(items.size() - 1);
  }

  /** {@code find_element(elements, condition)}: the first match or {@code null}. */
  public static <T> T findElement(Collection<T> items, Predicate<? super T> pred) {
    for (T t : items) {
      if (pred.test(t)) {
        return t;
      }
    }
    return null;
  }

  /** {@code str(x)} of a Python float, e.g. in an f-string. */
  public static String str(double x) {
    return io.ape.agentdojo.yaml.PyRepr.floatRepr(x);
  }
}
