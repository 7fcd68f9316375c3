package io.ape.api;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The map {@link ParameterValues#copyOf} returns: a deep, immutable, insertion-ordered copy
 * that nobody else holds a reference into. Because its content can never change, it can be
 * passed on without copying again, and a value derived from it by a pure function can be kept
 * (see {@link ParameterValues#derive}). Package-private: callers see a plain {@link Map}.
 */
final class FrozenParameterMap extends AbstractMap<String, Object> {
  private final Map<String, Object> entries;
  private volatile Derived derived;

  /** {@code entries} must be an unmodifiable map that no one else can modify. */
  FrozenParameterMap(Map<String, Object> entries) {
    this.entries = entries;
  }

  /** One derived value and the function that computed it. */
  private record Derived(Function<?, ?> function, Object value) {}

  @SuppressWarnings("unchecked")
  <T> T derive(Function<? super Map<String, ?>, T> function) {
    Derived d = derived;
    if (d != null && d.function() == function) {
      return (T) d.value();
    }
    T value = function.apply(this);
    derived = new Derived(function, value);
    return value;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return entries.entrySet();
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }
}
