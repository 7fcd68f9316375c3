package io.ape.agentdojo.env;

import java.util.Objects;

/**
 * The value of one of AgentDojo's {@code StrEnum}s in a dump (e.g. {@code EmailStatus.sent}).
 * DeepDiff reports a change between an enum and another type as a type change, so the dump keeps
 * the enum's class.
 *
 * @param type the enum class, e.g. {@code EmailStatus}
 * @param value the string value, e.g. {@code sent}
 * @since 0.2.0
 */
public record PyEnumValue(String type, String value) {
  public PyEnumValue {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
