package io.ape.agentdojo.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A dumped model: its class name and its fields in declaration order. Equality compares the type
 * and the fields (order-insensitive, like pydantic's {@code ==}).
 *
 * @param type the model's class name, e.g. {@code Transaction}
 * @param fields the field values (unmodifiable)
 * @since 0.2.0
 */
public record Obj(String type, Map<String, Object> fields) {
  public Obj {
    Objects.requireNonNull(type, "type");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Starts a dump of a model of class {@code type}. */
  public static Builder of(String type) {
    return new Builder(type);
  }

  /** Collects the fields of a dump in declaration order. */
  public static final class Builder {
    private final String type;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder(String type) {
      this.type = type;
    }

    /** Adds a field. */
    public Builder put(String name, Object value) {
      fields.put(name, value);
      return this;
    }

    /** The dump. */
    public Obj build() {
      return new Obj(type, fields);
    }
  }
}
