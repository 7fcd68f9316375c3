package io.ape.policy.yaml.internal;

/**
 * A scalar value.
 *
 * @param kind what the value is
 * @param value {@code null}, a String, a Boolean, an Integer/Long/BigInteger, or a finite Double
 * @param text the value as written in the document (for numbers: {@code 1.0} stays {@code "1.0"})
 */
record ScalarNode(Kind kind, Object value, String text, int line, int column) implements Node {

  /** The type of a scalar. */
  enum Kind {
    STRING("a string"),
    BOOLEAN("a boolean"),
    INTEGER("an integer"),
    FLOAT("a decimal number"),
    NULL("empty (null)");

    private final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  @Override
  public long weight() {
    return 1;
  }

  @Override
  public String typeName() {
    return kind.description;
  }

  /** {@code true} for integers and decimal numbers. */
  boolean isNumber() {
    return kind == Kind.INTEGER || kind == Kind.FLOAT;
  }
}
