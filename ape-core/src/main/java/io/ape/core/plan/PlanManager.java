package io.ape.core.plan;

import io.ape.api.AuditException;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanException;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RuntimeStateException;
import io.ape.api.TenantMismatchException;
import io.ape.core.audit.AuditLog;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.intent.IntentManager;
import io.ape.core.provenance.ProvenanceGuard;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the plan of one run and approves it against the current intent.
 *
 * <p>Thread-safe: changes are serialised by a lock owned by this manager; reads are volatile.
 * Registers guards on the runtime so that PLAN_APPROVED and EXECUTING (from PLAN_APPROVED)
 * cannot be entered without a plan approved against the current intent, and listens to the
 * intent manager so that an intent change withdraws the approval.
 */
public final class PlanManager {
  private final IntentManager intents;
  private final RuntimeOrchestrator runtime;
  private final PolicyDecisionPoint decisionPoint;
  private final AuditLog audit;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<PlanChangeListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Submitted submitted;
  private volatile ApprovedPlan approved;

  private record Submitted(Plan plan, String hash, List<Provenance> parameterProvenance,
      Provenance channel) {}

  /**
   * A plan manager for the run of {@code intents}.
   *
   * @param intents the run's intent manager
   * @param decisionPoint consulted for the policy's tool transitions at approval
   */
  public PlanManager(IntentManager intents, PolicyDecisionPoint decisionPoint) {
    this.intents = Objects.requireNonNull(intents, "intents");
    this.decisionPoint = Objects.requireNonNull(decisionPoint, "decisionPoint");
    this.runtime = intents.runtime();
    this.audit = runtime.audit();
    intents.addChangeListener(this::onIntentChanged);
    runtime.addTransitionGuard((from, to) -> {
      boolean needsPlan = to == RuntimeState.PLAN_APPROVED
          || (to == RuntimeState.EXECUTING && from == RuntimeState.PLAN_APPROVED);
      if (needsPlan && !isApprovedForCurrentIntent()) {
        throw new PlanException("cannot enter " + to
            + ": no plan is approved against the current intent");
      }
    });
  }

  /** The run's intent manager. */
  public IntentManager intents() {
    return intents;
  }

  /** The run. */
  public RuntimeOrchestrator runtime() {
    return runtime;
  }

  /** The decision point whose tool transitions are enforced. */
  public PolicyDecisionPoint decisionPoint() {
    return decisionPoint;
  }

  /**
   * Submits a plan; its parameters carry the channel's label.
   *
   * @see #submit(Plan, Provenance, List)
   */
  public String submit(Plan plan, Provenance provenance) {
    return submit(plan, provenance, null);
  }

  /** Submits the plan carried by a labelled value; its label is the channel. */
  public String submit(Labeled<Plan> plan) {
    return plan == null ? submit(null, null, null) : submit(plan.value(), plan.provenance(), null);
  }

  /**
   * Submits a plan, replacing any previous one (which loses its approval and its tokens).
   *
   * @param plan the plan (immutable, validated value)
   * @param provenance the channel the plan came through; must be trusted
   * @param stepParameterProvenance the provenance of each step's parameters, by step index, or
   *     {@code null} for "the channel's label"; an entry is lowered to the channel's label if it
   *     is more trusted, and a {@code null} entry counts as EXTERNAL_UNTRUSTED
   * @return the plan's hash
   * @throws ProvenanceException if {@code provenance} is {@code null} or untrusted
   * @throws TenantMismatchException if the plan belongs to another tenant
   * @throws RuntimeStateException if the run is TERMINATED
   * @throws PlanException if the plan is {@code null} or the provenance list has the wrong size
   */
  public String submit(Plan plan, Provenance provenance, List<Provenance> stepParameterProvenance) {
    lock.lock();
    try {
      if (!Provenance.isTrusted(provenance)) {
        throw rejected("submit", plan, ProvenanceGuard.refusal(provenance, "submit a plan"));
      }
      if (plan == null) {
        throw rejected("submit", null, new PlanException("plan must not be null"));
      }
      if (runtime.isTerminated()) {
        throw rejected("submit", plan, new RuntimeStateException(RuntimeState.TERMINATED.name(),
            "SUBMIT_PLAN", "cannot submit a plan: the run is TERMINATED"));
      }
      if (!plan.tenantId().equals(runtime.tenantId())) {
        throw rejected("submit", plan, new TenantMismatchException(runtime.tenantId(),
            plan.tenantId(), "plan belongs to tenant '" + plan.tenantId()
                + "' but the run belongs to tenant '" + runtime.tenantId() + "'"));
      }
      List<Provenance> labels;
      try {
        labels = parameterLabels(plan, provenance, stepParameterProvenance);
      } catch (PlanException e) {
        throw rejected("submit", plan, e);
      }
      String hash = ApeHashes.planHash(plan);
      Submitted old = submitted;
      if (old != null && old.hash().equals(hash) && old.parameterProvenance().equals(labels)) {
        return hash;
      }
      ApprovedPlan oldApproval = approved;
      AuditEvents.planSubmitted(audit, run(), hash, intents.version().orElse(""),
          plan.steps().size(), old == null ? "" : old.hash(), provenance);
      submitted = new Submitted(plan, hash, labels, provenance);
      approved = null;
      if (old != null) {
        notifyListeners(old.hash(), hash, oldApproval != null);
      }
      return hash;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Approves the submitted plan against the current intent.
   *
   * @param provenance the channel the approval came through; must be trusted
   * @return the approved plan (the same instance if it was already approved)
   * @throws ProvenanceException if {@code provenance} is {@code null} or untrusted
   * @throws RuntimeStateException if the run is not in INTENT_SET
   * @throws PlanException if no plan was submitted or no intent is set
   * @throws PlanValidationException listing every step outside the intent and every tool
   *     transition the policy does not allow
   */
  public ApprovedPlan approve(Provenance provenance) {
    lock.lock();
    try {
      Submitted s = submitted;
      if (!Provenance.isTrusted(provenance)) {
        throw rejected("approve", s == null ? null : s.plan(),
            ProvenanceGuard.refusal(provenance, "approve a plan"));
      }
      RuntimeState state = runtime.state();
      if (state != RuntimeState.INTENT_SET) {
        throw rejected("approve", s == null ? null : s.plan(), new RuntimeStateException(
            state.name(), "APPROVE_PLAN", "a plan can be approved only in INTENT_SET, but the run is in "
                + state));
      }
      if (s == null) {
        throw rejected("approve", null, new PlanException("no plan submitted"));
      }
      Optional<CurrentIntent> ci = intents.snapshot();
      if (ci.isEmpty()) {
        throw rejected("approve", s.plan(), new PlanException("no intent set"));
      }
      ApprovedPlan a = approved;
      if (a != null && a.intentVersion().equals(ci.get().version())) {
        return a;
      }
      List<String> errors = validate(s.plan(), ci.get().intent());
      if (!errors.isEmpty()) {
        PlanValidationException ex = new PlanValidationException(errors,
            "plan validation against intent failed: " + String.join("; ", errors));
        try {
          AuditEvents.planRejected(audit, run(), s.hash(), ci.get().version(), ex.getMessage(),
              "");
        } catch (AuditException e) {
          ex.addSuppressed(e);
        }
        throw ex;
      }
      List<String> hashes = new ArrayList<>(s.plan().steps().size());
      for (PlanStep step : s.plan().steps()) {
        hashes.add(ApeHashes.parametersHash(step.parameters()));
      }
      ApprovedPlan result = new ApprovedPlan(s.plan(), s.hash(), ci.get().intent(),
          ci.get().version(), hashes, s.parameterProvenance(), runtime.clock().instant());
      AuditEvents.planApproved(audit, run(), s.hash(), ci.get().version(), result.size(),
          provenance);
      approved = result;
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** The approved plan, if the submitted plan is approved. */
  public Optional<ApprovedPlan> approved() {
    return Optional.ofNullable(approved);
  }

  /** The submitted plan, if any. */
  public Optional<Plan> current() {
    Submitted s = submitted;
    return s == null ? Optional.empty() : Optional.of(s.plan());
  }

  /** The hash of the submitted plan, if any. */
  public Optional<String> hash() {
    Submitted s = submitted;
    return s == null ? Optional.empty() : Optional.of(s.hash());
  }

  /** Whether a plan is submitted. */
  public boolean isSubmitted() {
    return submitted != null;
  }

  /** Whether the submitted plan is approved. */
  public boolean isApproved() {
    return approved != null;
  }

  /**
   * Withdraws the plan and its approval (revoking its tokens). Needs no trusted channel.
   *
   * @return whether a plan was submitted
   */
  public boolean clear() {
    lock.lock();
    try {
      Submitted s = submitted;
      if (s == null) {
        return false;
      }
      boolean wasApproved = approved != null;
      AuditEvents.planRejected(audit, run(), s.hash(), "", "plan withdrawn; its tokens are "
          + "revoked", "");
      submitted = null;
      approved = null;
      notifyListeners(s.hash(), null, wasApproved);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a listener told about every plan change (called under this manager's lock). */
  public void addChangeListener(PlanChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private boolean isApprovedForCurrentIntent() {
    ApprovedPlan a = approved;
    Optional<String> v = intents.version();
    return a != null && v.isPresent() && v.get().equals(a.intentVersion());
  }

  private void onIntentChanged(String oldVersion, String newVersion) {
    lock.lock();
    try {
      ApprovedPlan a = approved;
      if (a == null) {
        return;
      }
      approved = null;
      try {
        AuditEvents.planRejected(audit, run(), a.planHash(), newVersion == null ? "" : newVersion,
            "plan approval withdrawn: the intent it was approved against changed", "");
      } finally {
        notifyListeners(a.planHash(), a.planHash(), true);
      }
    } finally {
      lock.unlock();
    }
  }

  private List<String> validate(Plan plan, Intent intent) {
    List<String> errors = new ArrayList<>();
    if (!plan.tenantId().equals(intent.tenantId())) {
      errors.add("plan tenant '" + plan.tenantId() + "' differs from intent tenant '"
          + intent.tenantId() + "'");
    }
    List<PlanStep> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      String action = steps.get(i).actionId();
      if (intent.forbiddenActions().contains(action)) {
        errors.add("step " + i + ": action '" + action + "' is forbidden by the intent");
      } else if (!intent.permits(action)) {
        errors.add("step " + i + ": action '" + action + "' is not in the intent");
      }
      if (i > 0) {
        String from = steps.get(i - 1).toolId();
        String to = steps.get(i).toolId();
        if (!transitionAllowed(decisionPoint, from, to)) {
          errors.add("step " + i + ": tool transition '" + from + "' -> '" + to
              + "' is not allowed by the policy");
        }
      }
    }
    return errors;
  }

  /** Asks the decision point; an exception counts as "not allowed" (fail closed). */
  public static boolean transitionAllowed(PolicyDecisionPoint pdp, String fromTool, String toTool) {
    try {
      return pdp.isTransitionAllowed(fromTool, toTool);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<Provenance> parameterLabels(Plan plan, Provenance channel,
      List<Provenance> given) {
    int n = plan.steps().size();
    if (given == null) {
      return Collections.nCopies(n, channel);
    }
    if (given.size() != n) {
      throw new PlanException("stepParameterProvenance has " + given.size()
          + " entries but the plan has " + n + " steps");
    }
    List<Provenance> out = new ArrayList<>(n);
    for (Provenance p : given) {
      out.add(Provenance.leastTrusted(channel, p));
    }
    return List.copyOf(out);
  }

  private void notifyListeners(String oldHash, String newHash, boolean wasApproved) {
    RuntimeException failure = null;
    for (PlanChangeListener l : listeners) {
      try {
        l.onPlanChanged(oldHash, newHash, wasApproved);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private RuntimeException rejected(String operation, Plan plan, RuntimeException e) {
    try {
      AuditEvents.refused(audit, run(), operation + "_plan", "plan " + operation + " refused: "
          + e.getMessage(), e, "plan_tenant", plan == null ? "" : plan.tenantId());
    } catch (AuditException a) {
      e.addSuppressed(a);
    }
    return e;
  }

  private Where run() {
    return Where.run(runtime.tenantId(), runtime.sessionId());
  }
}
