package io.ape.mcp;

import java.util.Objects;

/**
 * One sign of tool poisoning found by {@link ToolPoisoningDetector}.
 *
 * @param kind what was found
 * @param where which text it is in: {@code name}, {@code title}, {@code description}, or a path
 *     into the input schema such as {@code inputSchema.properties.path.description}
 * @param reason a one-line explanation for people; it never quotes the server's text beyond a
 *     short excerpt made printable (control, invisible and bidi characters shown as
 *     {@code \\uXXXX})
 * @since 0.2.0
 */
public record PoisoningFinding(PoisoningKind kind, String where, String reason) {
  public PoisoningFinding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code true} if the kind is {@linkplain PoisoningKind#severe() severe}. */
  public boolean severe() {
    return kind.severe();
  }

  /** {@code "KIND in where: reason"}. */
  public String describe() {
    return kind + " in " + where + ": " + reason;
  }
}
