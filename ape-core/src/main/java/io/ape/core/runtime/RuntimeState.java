package io.ape.core.runtime;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The six states of an agent run and the legal transitions between them (DAE runtime state
 * machine, as in the Python original).
 */
public enum RuntimeState {
  /** Created; nothing declared yet. */
  INITIALIZED,
  /** An intent has been declared. */
  INTENT_SET,
  /** A plan inside the intent has been approved. */
  PLAN_APPROVED,
  /** Steps are being executed; the only state in which authority is issued. */
  EXECUTING,
  /** An action needs an explicit approval; issuance is frozen. */
  ESCALATION_REQUIRED,
  /** Finished; final, no transition leaves it. */
  TERMINATED;

  /** The states this state may move to (unmodifiable; empty for TERMINATED). */
  public Set<RuntimeState> successors() {
    switch (this) {
      case INITIALIZED: return Successors.FROM_INITIALIZED;
      case INTENT_SET: return Successors.FROM_INTENT_SET;
      case PLAN_APPROVED: return Successors.FROM_PLAN_APPROVED;
      case EXECUTING: return Successors.FROM_EXECUTING;
      case ESCALATION_REQUIRED: return Successors.FROM_ESCALATION_REQUIRED;
      default: return Successors.NONE;
    }
  }

  /** Whether {@code target} is a legal next state. */
  public boolean canTransitionTo(RuntimeState target) {
    return target != null && successors().contains(target);
  }

  /** {@code true} only for EXECUTING. */
  public boolean canIssueAuthority() {
    return this == EXECUTING;
  }

  /** {@code true} only for TERMINATED. */
  public boolean isFinal() {
    return this == TERMINATED;
  }

  private static final class Successors {
    static final Set<RuntimeState> FROM_INITIALIZED = of(INTENT_SET, TERMINATED);
    static final Set<RuntimeState> FROM_INTENT_SET = of(PLAN_APPROVED, INTENT_SET, TERMINATED);
    static final Set<RuntimeState> FROM_PLAN_APPROVED = of(EXECUTING, TERMINATED);
    static final Set<RuntimeState> FROM_EXECUTING = of(EXECUTING, ESCALATION_REQUIRED, TERMINATED);
    static final Set<RuntimeState> FROM_ESCALATION_REQUIRED = of(EXECUTING, TERMINATED);
    static final Set<RuntimeState> NONE = Collections.unmodifiableSet(EnumSet.noneOf(RuntimeState.class));

    private Successors() {}

    private static Set<RuntimeState> of(RuntimeState first, RuntimeState... rest) {
      return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }
  }
}
