package io.ape.core.session;

import io.ape.api.Provenance;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The conversational context of a session: the parameters of the last action that named any,
 * so that a follow-up such as "Now update it" can act on the {@code config.json} of "Read
 * config.json". Immutable; the orchestrator reads it before compiling a turn and stores the
 * next one with {@link Session#updateContext}.
 *
 * <p>Only string values are remembered, at most {@value #MAX_PARAMETERS} of them, each at most
 * {@value #MAX_VALUE_LENGTH} characters (longer values, e.g. file contents, are not). The
 * {@link #provenance()} is that of the turn that supplied the parameters: a caller must treat
 * a remembered value as no more trusted than that.
 *
 * @param turn the number of turns remembered so far (0 for a new session)
 * @param lastActionId the last action remembered, or {@code null}
 * @param lastParameters the remembered parameters (unmodifiable, sorted by name)
 * @param provenance where the remembered parameters came from; {@code null} is stored as
 *     {@link Provenance#EXTERNAL_UNTRUSTED}
 */
public record SessionContext(int turn, String lastActionId, Map<String, String> lastParameters,
    Provenance provenance) {
  /** The most parameters remembered. */
  public static final int MAX_PARAMETERS = 32;
  /** The longest value remembered, in characters. */
  public static final int MAX_VALUE_LENGTH = 4096;

  private static final SessionContext EMPTY =
      new SessionContext(0, null, Map.of(), Provenance.EXTERNAL_UNTRUSTED);

  public SessionContext {
    if (turn < 0) {
      throw new IllegalArgumentException("turn must not be negative: " + turn);
    }
    Objects.requireNonNull(lastParameters, "lastParameters");
    if (lastParameters.size() > MAX_PARAMETERS) {
      throw new IllegalArgumentException("a session context remembers at most "
          + MAX_PARAMETERS + " parameters, not " + lastParameters.size());
    }
    for (Map.Entry<String, String> e : lastParameters.entrySet()) {
      Objects.requireNonNull(e.getKey(), "parameter name");
      Objects.requireNonNull(e.getValue(), "parameter value");
      if (e.getValue().length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException("the remembered value of " + e.getKey()
            + " is longer than " + MAX_VALUE_LENGTH + " characters");
      }
    }
    lastParameters = Collections.unmodifiableMap(new TreeMap<>(lastParameters));
    provenance = provenance == null ? Provenance.EXTERNAL_UNTRUSTED : provenance;
  }

  /** The context of a new session: nothing remembered. */
  public static SessionContext empty() {
    return EMPTY;
  }

  /** The remembered value of a parameter, e.g. {@code parameter("path")}. */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(lastParameters.get(name));
  }

  /**
   * The context after a turn that ran {@code actionId} with {@code parameters}: the string
   * parameters that fit the limits replace the remembered ones; if there are none, the
   * remembered ones stay (with their provenance). The turn count goes up by one.
   */
  public SessionContext remember(String actionId, Map<String, ?> parameters,
      Provenance provenance) {
    Objects.requireNonNull(actionId, "actionId");
    TreeMap<String, String> kept = new TreeMap<>();
    if (parameters != null) {
      for (Map.Entry<String, ?> e : parameters.entrySet()) {
        if (e.getKey() != null && e.getValue() instanceof String
            && ((String) e.getValue()).length() <= MAX_VALUE_LENGTH) {
          kept.put(e.getKey(), (String) e.getValue());
        }
      }
    }
    while (kept.size() > MAX_PARAMETERS) {
      kept.pollLastEntry();
    }
    int next = turn == Integer.MAX_VALUE ? turn : turn + 1;
    return kept.isEmpty()
        ? new SessionContext(next, actionId, lastParameters, this.provenance)
        : new SessionContext(next, actionId, kept, provenance);
  }
}
