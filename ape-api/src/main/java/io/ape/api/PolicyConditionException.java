package io.ape.api;

/**
 * A rule condition failed where the caller asked for an exception (seed: {@code PolicyConditionError}).
 *
 * @since 0.1.0
 */
public class PolicyConditionException extends PolicyException {
  private static final long serialVersionUID = 1L;
  private final String actionId;
  private final String conditionField;


  /** Creates the exception with a message. */
  public PolicyConditionException(String actionId, String conditionField, String message) {
    super(message);
    this.actionId = actionId;
    this.conditionField = conditionField;
  }

  /** Creates the exception with a message and a cause. */
  public PolicyConditionException(String actionId, String conditionField, String message, Throwable cause) {
    super(message, cause);
    this.actionId = actionId;
    this.conditionField = conditionField;
  }

  /** Returns the action. */
  public String actionId() {
    return actionId;
  }

  /** Returns the parameter the condition constrains. */
  public String conditionField() {
    return conditionField;
  }
}
