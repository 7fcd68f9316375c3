package io.ape.mcp;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Name/value pairs whose values may be secrets: a server's {@code env} or HTTP {@code headers}.
 *
 * <p>Guarantee: no public method, {@link #toString()} or JSON serialisation (Jackson uses
 * {@link #masked()}) ever returns a value; only the names are visible. The values are reachable
 * only inside this package, for starting or connecting to the server. Immutable.
 */
public final class SecretValues {
  /** What every value is replaced with when shown. */
  public static final String MASK = "***";

  private static final SecretValues EMPTY = new SecretValues(Map.of());

  private final Map<String, String> values;

  private SecretValues(Map<String, String> values) {
    this.values = values;
  }

  /** No entries. */
  public static SecretValues empty() {
    return EMPTY;
  }

  /**
   * Copies the given map, keeping its iteration order.
   *
   * @throws NullPointerException if a name or value is {@code null}
   */
  public static SecretValues of(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return EMPTY;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "value")));
    return new SecretValues(Collections.unmodifiableMap(copy));
  }

  /** The names, in configuration order. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** Number of entries. */
  public int size() {
    return values.size();
  }

  /** {@code true} if there are no entries. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Each name mapped to {@link #MASK}; this is also the JSON form. */
  @JsonValue
  public Map<String, String> masked() {
    Map<String, String> out = new LinkedHashMap<>();
    values.keySet().forEach(k -> out.put(k, MASK));
    return Collections.unmodifiableMap(out);
  }

  /** The real values, for starting the server; package-private on purpose. */
  Map<String, String> reveal() {
    return values;
  }

  /** The non-empty values, so that output can be checked and scrubbed of them. */
  List<String> secretTexts() {
    List<String> out = new ArrayList<>();
    for (String v : values.values()) {
      if (!v.isBlank()) {
        out.add(v);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValues other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The names with masked values, e.g. {@code {GITHUB_TOKEN=***}}. */
  @Override
  public String toString() {
    return masked().toString();
  }
}
