package io.ape.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a list value of a parameter is, and what its elements are: the one definition shared by
 * the policy's list quantifiers ({@code each}, {@code any}, {@code count}), the rate-limit
 * target extraction ({@code io.ape.core.ratelimit.Targets}) and the intent compiler's list
 * values, so that a list the policy checks element by element is counted element by element and
 * built the same way.
 *
 * <p>A list value is a {@link List} (parameter values are deep copies made by
 * {@code io.ape.api.ParameterValues}: strings, numbers, booleans, {@code null}, lists and
 * string-keyed maps); a string, a map or anything else is not a list. Stateless.
 */
public final class ListValues {
  private ListValues() {}

  /** The elements of {@code value} if it is a list value, else {@code null}. */
  public static List<?> elements(Object value) {
    return value instanceof List<?> list ? list : null;
  }

  /**
   * Every string in {@code value}, in order: the value itself if it is a string, the strings of
   * each element of a list (lists in lists included), and the strings of every entry of a map
   * (an element such as {@code {address: bob@acme.com, name: Bob}}). Nothing else is reported.
   */
  public static void strings(Object value, Consumer<String> sink) {
    if (value instanceof String s) {
      sink.accept(s);
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        strings(element, sink);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object entry : map.values()) {
        strings(entry, sink);
      }
    }
  }

  /** An unmodifiable list value holding {@code elements} in order (a copy). */
  public static List<Object> of(Collection<?> elements) {
    return Collections.unmodifiableList(new ArrayList<>(elements));
  }
}
