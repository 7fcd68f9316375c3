package io.ape.agentdojo.data;

import java.util.Objects;

/**
 * A tool parameter the model sees, from {@code tools.json}.
 *
 * @param name the parameter name
 * @param type the Python annotation, e.g. {@code str}, {@code list[str] | None}, {@code float}
 * @param required {@code true} when the call must give it
 * @param defaultValue the default when not required ({@code null} for {@code None})
 * @param description the {@code :param} text of the docstring
 * @since 0.2.0
 */
public record ParamSpec(
    String name, String type, boolean required, Object defaultValue, String description) {
  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }
}
