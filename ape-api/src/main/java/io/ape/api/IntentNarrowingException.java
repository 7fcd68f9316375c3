package io.ape.api;

import java.util.List;

/**
 * Policy narrowing removed every action of a compiled intent.
 *
 * <p>{@link #forbiddenActions()} names the actions the prompt asked for that the policy (or
 * the compile options) forbid, so a caller can report a policy denial for them;
 * {@link #narrowingLog()} says why each was removed.
 *
 * @since 0.1.0
 */
public class IntentNarrowingException extends IntentCompilationException {
  private static final long serialVersionUID = 1L;

  private final List<String> forbiddenActions;
  private final List<String> narrowingLog;

  /** Creates the exception with a message. */
  public IntentNarrowingException(String message) {
    this(message, List.of(), List.of());
  }

  /** Creates the exception with a message and a cause. */
  public IntentNarrowingException(String message, Throwable cause) {
    super(message, cause);
    this.forbiddenActions = List.of();
    this.narrowingLog = List.of();
  }

  /** Creates the exception with the removed actions and the narrowing log. */
  public IntentNarrowingException(String message, List<String> forbiddenActions,
      List<String> narrowingLog) {
    super(message);
    this.forbiddenActions = List.copyOf(forbiddenActions);
    this.narrowingLog = List.copyOf(narrowingLog);
  }

  /** The actions the prompt named that were forbidden, in prompt order (possibly empty). */
  public List<String> forbiddenActions() {
    return forbiddenActions;
  }

  /** Why each action was removed, in order (possibly empty). */
  public List<String> narrowingLog() {
    return narrowingLog;
  }
}
