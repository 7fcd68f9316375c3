package io.ape.core.enforcement;

import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.AuthorityToken;
import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.TokenBinding;
import io.ape.api.ToolExecutionException;
import io.ape.api.ToolNotRegisteredException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.GateKey;
import io.ape.core.authority.StepExecution;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only path to a tool.
 *
 * <p>The gate holds its run's {@link GateKey} (taken from the {@link AuthorityManager} when the
 * gate is built; a run has one gate): only the gate can exchange a token for the right to run a
 * step and report the step finished, and it does so only around running the step's tool.
 *
 * <p>In ENFORCE mode, {@link #execute(AuthorityToken, Action)}:
 * <ol>
 *   <li>refuses a missing token, and a token whose tool is not registered (before consuming it);</li>
 *   <li>has the run's verifier check the token (it must be the run's own outstanding token —
 *       a token of another run is refused and left untouched —, the run EXECUTING, the action
 *       presented, the approved plan's next step in every bound field, the policy generation and
 *       the revocation epochs) and consume it atomically;</li>
 *   <li>records {@code TOOL_EXECUTION_STARTED} (if that cannot be recorded, the tool does not
 *       run);</li>
 *   <li>runs the tool with the token's bound parameters, never with anything passed
 *       alongside;</li>
 *   <li>records {@code TOOL_EXECUTION_FINISHED} with the outcome, and returns the result
 *       labelled EXTERNAL_UNTRUSTED (SYSTEM_TRUSTED if the tool was registered as trusted).</li>
 * </ol>
 * A tool's exception comes back as {@link ToolExecutionException} carrying the action id; the
 * token stays consumed and the step stays unfinished (it may be retried with a new token).
 *
 * <p>In OBSERVE mode a refused step runs anyway (unchecked, audited as such) and the run moves
 * on to its next step, which is checked again.
 *
 * <p>Thread-safe. One gate serves one run (its {@link AuthorityManager}); the
 * {@link ToolRegistry} may be shared by many gates.
 */
public final class EnforcementGate {
  private static final Logger LOG = LoggerFactory.getLogger(EnforcementGate.class);
  private static final String MODE_KEY = "enforcement_mode";

  private final AuthorityManager authority;
  private final GateKey key;
  private final ToolRegistry tools;
  private final EnforcementMode mode;
  private final AuditLog audit;

  /**
   * A gate in ENFORCE mode. It takes the run's {@link GateKey}: a run has one gate (besides,
   * possibly, DISABLED ones, which check nothing and take no key).
   *
   * @throws IllegalStateException if the run already has a gate
   */
  public EnforcementGate(AuthorityManager authority, ToolRegistry tools) {
    this(builder(authority, tools));
  }

  private EnforcementGate(Builder b) {
    this.authority = b.authority;
    this.tools = b.tools;
    this.mode = b.mode;
    this.audit = b.authority.audit();
    // a DISABLED gate runs nothing through the run's authority, so it does not take its key
    this.key = b.mode == EnforcementMode.DISABLED ? null : b.authority.bindGate();
  }

  /** Starts building a gate. */
  public static Builder builder(AuthorityManager authority, ToolRegistry tools) {
    return new Builder(authority, tools);
  }

  /** The mode. */
  public EnforcementMode mode() {
    return mode;
  }

  /** The registry whose tools this gate runs. */
  public ToolRegistry tools() {
    return tools;
  }

  /**
   * Runs exactly what {@code token} authorises: the next step of the approved plan.
   *
   * @see #execute(AuthorityToken, Action)
   */
  public Labeled<Object> execute(AuthorityToken token) {
    return dispatch(token, null);
  }

  /**
   * Verifies {@code token} against {@code action} and the run, consumes it and runs the tool
   * with the token's bound parameters.
   *
   * @param token the authority token
   * @param action the action the caller means to run; must match the token in every field
   * @return the tool's result, labelled with its provenance
   * @throws io.ape.api.AuthorityException (a subclass saying why) if the token is refused
   * @throws io.ape.api.RuntimeStateException if the run is not EXECUTING
   * @throws ToolNotRegisteredException if no tool is registered under the bound tool id
   * @throws ToolExecutionException if the tool threw (the token stays consumed)
   * @throws AuditException if the execution could not be audited (the tool then did not run,
   *     or its result is withheld)
   */
  public Labeled<Object> execute(AuthorityToken token, Action action) {
    if (action == null) {
      throw new UnauthorizedActionException("no action given; use execute(token) to run exactly "
          + "what the token authorises");
    }
    return dispatch(token, action);
  }

  private Labeled<Object> dispatch(AuthorityToken token, Action action) {
    switch (mode) {
      case OBSERVE:
        return audit.withDetail(MODE_KEY, mode.name(), () -> observe(token, action));
      case DISABLED:
        return audit.withDetail(MODE_KEY, mode.name(), () -> unchecked(action,
            "enforcement disabled"));
      default:
        return enforce(token, action);
    }
  }

  private Labeled<Object> enforce(AuthorityToken token, Action action) {
    ToolRegistry.Registered tool = registeredToolFor(token, action);
    StepExecution step = key.begin(token, action);
    return run(tool, step);
  }

  private Labeled<Object> observe(AuthorityToken token, Action action) {
    ToolRegistry.Registered tool;
    StepExecution step;
    try {
      tool = registeredToolFor(token, action);
      step = key.begin(token, action);
    } catch (ApeException refusal) {
      if (refusal instanceof AuditException || action == null) {
        throw refusal;
      }
      LOG.warn("OBSERVE mode: running '{}' although the gate would refuse it: {}",
          action.actionId(), refusal.getMessage());
      Labeled<Object> result = unchecked(action, "OBSERVE: would deny: " + refusal.getMessage());
      key.observed(action.stepIndex());
      return result;
    }
    return run(tool, step);
  }

  private ToolRegistry.Registered registeredToolFor(AuthorityToken token, Action action) {
    TokenBinding tb = null;
    if (token != null) {
      try {
        tb = token.binding();
      } catch (RuntimeException e) {
        tb = null;
      }
    }
    String toolId = tb != null ? tb.toolId() : action != null ? action.toolId() : null;
    if (toolId == null) {
      return null; // the verifier refuses the missing or broken token
    }
    ToolRegistry.Registered tool = tools.lookup(toolId);
    if (tool == null) {
      ToolNotRegisteredException e = new ToolNotRegisteredException("no tool is registered under '"
          + toolId + "'; register it with ToolRegistry.register");
      throw AuditEvents.rejectedQuietly(audit, Where.run(authority.tenantId(),
          authority.sessionId()).step(-1, tb != null ? tb.actionId() : action.actionId(), toolId),
          "execute", e, null);
    }
    return tool;
  }

  private Labeled<Object> run(ToolRegistry.Registered tool, StepExecution step) {
    TokenBinding b = step.binding();
    Where where = Where.of(b);
    if (tool == null || !tool.handle.toolId().equals(b.toolId())) {
      key.finish(step, false);
      throw new ToolNotRegisteredException("no tool is registered under '" + b.toolId() + "'");
    }
    if (!step.startAudited()) {
      try {
        AuditEvents.toolStarted(audit, where, step.tokenRef());
      } catch (AuditException e) {
        key.finish(step, false);
        throw e;
      }
    }
    Object result;
    try {
      result = tool.tool.invoke(step.parameters());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      key.finish(step, false);
      ToolExecutionException wrapped = new ToolExecutionException(b.actionId(), e);
      try {
        AuditEvents.toolFinished(audit, where, step.tokenRef(), e);
      } catch (AuditException a) {
        wrapped.addSuppressed(a);
      }
      throw wrapped;
    } catch (Error e) {
      key.finish(step, false);
      throw e;
    }
    key.finish(step, true);
    AuditEvents.toolFinished(audit, where, step.tokenRef(), null);
    return label(result, tool.handle.trusted());
  }

  private Labeled<Object> unchecked(Action action, String why) {
    if (action == null) {
      throw new UnauthorizedActionException("no action given: nothing to run");
    }
    ToolRegistry.Registered tool = tools.lookup(action.toolId());
    if (tool == null) {
      throw new ToolNotRegisteredException("no tool is registered under '" + action.toolId() + "'");
    }
    Where where = new Where(authority.tenantId(), authority.sessionId(), action.intentVersion(),
        action.planHash(), action.stepIndex(), action.actionId(), action.toolId());
    AuditEvents.uncheckedStarted(audit, where, why);
    Object result;
    try {
      result = tool.tool.invoke(action.parameters());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      ToolExecutionException wrapped = new ToolExecutionException(action.actionId(), e);
      try {
        AuditEvents.uncheckedFinished(audit, where, e);
      } catch (AuditException a) {
        wrapped.addSuppressed(a);
      }
      throw wrapped;
    }
    AuditEvents.uncheckedFinished(audit, where, null);
    return label(result, tool.handle.trusted());
  }

  private static Labeled<Object> label(Object result, boolean trusted) {
    return new Labeled<>(result, trusted ? Provenance.SYSTEM_TRUSTED
        : Provenance.EXTERNAL_UNTRUSTED);
  }

  @Override
  public String toString() {
    return "EnforcementGate[mode=" + mode + ", tenant=" + authority.tenantId() + ", session="
        + authority.sessionId() + "]";
  }

  /** Builder for {@link EnforcementGate}; not thread-safe. */
  public static final class Builder {
    private final AuthorityManager authority;
    private final ToolRegistry tools;
    private EnforcementMode mode = EnforcementMode.ENFORCE;
    private boolean modeSet;
    private boolean allowDisabled;
    private boolean warn = true;

    private Builder(AuthorityManager authority, ToolRegistry tools) {
      this.authority = Objects.requireNonNull(authority, "authority");
      this.tools = Objects.requireNonNull(tools, "tools");
    }

    /** The mode (default ENFORCE). DISABLED also needs {@link #allowDisabledMode(boolean)}. */
    public Builder mode(EnforcementMode mode) {
      if (modeSet) {
        throw new IllegalStateException("mode already set to " + this.mode);
      }
      this.mode = Objects.requireNonNull(mode, "mode");
      this.modeSet = true;
      return this;
    }

    /** The explicit consent that DISABLED mode requires. */
    public Builder allowDisabledMode(boolean allow) {
      this.allowDisabled = allow;
      return this;
    }

    /**
     * Whether {@link #build()} logs its warning for OBSERVE and DISABLED (default {@code true}).
     * An engine that warned once when it was built builds the gates of its runs without it.
     *
     * @since 0.2.0
     */
    public Builder warnAboutMode(boolean warn) {
      this.warn = warn;
      return this;
    }

    /**
     * Builds the gate; logs a warning for OBSERVE and DISABLED.
     *
     * @throws ApeConfigurationException for DISABLED without {@code allowDisabledMode(true)}
     * @throws IllegalStateException if the run already has a gate
     */
    public EnforcementGate build() {
      if (mode == EnforcementMode.DISABLED) {
        if (!allowDisabled) {
          throw new ApeConfigurationException("enforcement mode DISABLED runs tools without any "
              + "check; it needs the explicit builder flag allowDisabledMode(true)");
        }
        if (warn) {
          LOG.warn("APE enforcement gate built in DISABLED mode: tools run WITHOUT authority "
              + "checks; every audit record is marked {}=DISABLED", MODE_KEY);
        }
      } else if (mode == EnforcementMode.OBSERVE && warn) {
        LOG.warn("APE enforcement gate built in OBSERVE mode: refusals are audited but tools run "
            + "anyway; every audit record is marked {}=OBSERVE", MODE_KEY);
      }
      return new EnforcementGate(this);
    }
  }
}
