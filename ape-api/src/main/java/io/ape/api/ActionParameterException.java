package io.ape.api;

import java.util.List;

/**
 * Parameters do not fit an action's schema, or are of a type APE does not accept.
 *
 * @since 0.1.0
 */
public class ActionParameterException extends ActionRepositoryException {
  private static final long serialVersionUID = 1L;

  private final String actionId;
  private final List<String> errors;

  /** Creates the exception; {@code actionId} may be {@code null} when not yet known. */
  public ActionParameterException(String actionId, String message) {
    this(actionId, message, List.of(message));
  }

  /** Creates the exception with every validation error. */
  public ActionParameterException(String actionId, String message, List<String> errors) {
    super(actionId == null ? "Invalid parameters: " + message
        : "Invalid parameters for action '" + ActionIds.printable(actionId) + "': " + message);
    this.actionId = actionId;
    this.errors = List.copyOf(errors);
  }

  /** The action, or {@code null} when the error arose before an action was known. */
  public String actionId() {
    return actionId;
  }

  /** Every validation error. */
  public List<String> errors() {
    return errors;
  }
}
