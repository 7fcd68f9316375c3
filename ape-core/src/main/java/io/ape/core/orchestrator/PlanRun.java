package io.ape.core.orchestrator;

import io.ape.api.ApeException;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.internal.pipeline.OneRun;
import io.ape.core.internal.pipeline.StepTargets;
import io.ape.core.internal.run.PreDecision;
import io.ape.core.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan path of an {@link ApeOrchestrator}: the pre-flight of every step, then the run of the
 * plan through the one pipeline ({@link OneRun}) with the limits reserved inside issuance after
 * the ALLOW, and the mapping of what happened into an {@link OrchestrationResult} (every failure
 * audited once, {@code stage=orchestrator}).
 */
final class PlanRun {
  private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

  private final EngineParts parts;
  private final Preflight preflight;
  private final ExecutionLimiter limiter;
  private final List<RateLimiter> rateLimiters;
  private final AuditLog audit;

  PlanRun(EngineParts parts, Preflight preflight, ExecutionLimiter limiter) {
    this.parts = parts;
    this.preflight = preflight;
    this.limiter = limiter;
    this.rateLimiters = parts.rateLimiters();
    this.audit = parts.audit();
  }

  OrchestrationResult run(String prompt, CompiledIntent intent, Plan plan, CallContext call) {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(plan, "plan");
    try {
      call.ensureActiveEverywhere();
    } catch (io.ape.api.StateUnavailableException e) {
      return failure(prompt, intent, plan, List.of(), e, call);
    }
    try {
      return audit.withDetail(ApeOrchestrator.CORRELATION_ID, call.correlationId(),
          () -> runLifecycle(prompt, intent, plan, call));
    } catch (ApeException e) {
      return failure(prompt, intent, plan, List.of(), e, call);
    }
  }

  private OrchestrationResult runLifecycle(String prompt, CompiledIntent intent, Plan plan,
      CallContext call) {
    String runTenant = call.tenant(parts.tenant());
    if (!plan.tenantId().equals(runTenant)) {
      plan = new Plan(runTenant, plan.steps(), plan.description(), plan.metadata());
    }
    List<Provenance> parameterProvenance = Preflight.parameterProvenance(intent, plan);
    List<StepReport> reports = new ArrayList<>();
    ApeException firstProblem = null;
    Intent runIntent = intent.toIntent(runTenant);
    PreDecision[] decided = new PreDecision[plan.steps().size()];
    for (int i = 0; i < plan.steps().size(); i++) {
      PlanStep step = plan.steps().get(i);
      StepReport report = new StepReport(i, step.actionId(), step.toolId(), step.parameters(), null,
          StepStatus.NOT_RUN, null, "");
      ApeException problem = preflight.check(step, intent, runIntent,
          parameterProvenance.get(i), runTenant, call, decided, i);
      if (problem != null) {
        report = report.with(StepOutcomes.statusOf(problem), StepOutcomes.decisionOf(problem), null, problem.getMessage());
        firstProblem = firstProblem == null ? problem : firstProblem;
      } else {
        report = report.with(StepStatus.NOT_RUN, call.lastDecision, null, "");
      }
      reports.add(report);
    }
    if (plan.steps().isEmpty()) {
      firstProblem = new PlanValidationException(List.of("the plan has no steps"),
          "the plan has no steps");
    }
    if (firstProblem != null) {
      return failure(prompt, intent, plan, reports, firstProblem, call);
    }
    List<OneRun.StepResult> results = OneRun.builder(parts).tenant(runTenant)
        .session(call.sessionId()).intent(runIntent).plan(plan)
        .stepProvenance(parameterProvenance)
        // one evaluation per step: issuance uses the pre-flight's decision while it holds
        .preDecisions(k -> k < decided.length ? decided[k] : null)
        .approvals(parts.state().approvals())
        // limits are reserved inside issuance, after the ALLOW: a denied step uses no slot
        .issuanceCheck((binding, decision, parameters) ->
            reserve(call, binding.actionId(), parameters, parts.riskOf(binding.actionId())))
        // the last point a step can be stopped: a session revoked after its token was issued
        // stops it at the gate, before the token is consumed
        .executionCheck(binding -> call.ensureActive())
        .hooks(new OneRun.Hooks() {
          @Override
          public void beforeIssue(Action action) {
            call.ensureActive();
          }

          @Override
          public void tokenIssued(Action action) {
            call.tokenIssued();
          }

          @Override
          public void executed(Action action, Labeled<Object> result) {
            call.executed(action.actionId(), action.parameters(),
                parameterProvenance.get(action.stepIndex()));
          }
        }).build().run();
    ApeException stop = null;
    for (OneRun.StepResult r : results) {
      StepReport report = reports.get(r.index());
      if (r.executed()) {
        reports.set(r.index(), report.with(StepStatus.EXECUTED, report.decision(), r.value(), ""));
      } else {
        ApeException e = r.error();
        reports.set(r.index(), report.with(StepOutcomes.statusOf(e), StepOutcomes.decisionOf(e) != null ? StepOutcomes.decisionOf(e)
            : report.decision(), null, e.getMessage()));
        stop = e;
      }
    }
    if (stop != null) {
      return failure(prompt, intent, plan, reports, stop, call);
    }
    return new OrchestrationResult(true, prompt, intent, plan, reports, null, call.correlationId());
  }

  OrchestrationResult failure(String prompt, CompiledIntent intent, Plan plan,
      List<StepReport> reports, ApeException e, CallContext call) {
    ApeException typed = StepOutcomes.typed(e);
    LOG.debug("orchestrated call {} did not complete: {}", call.correlationId(), typed.getMessage());
    Decision decision = StepOutcomes.decisionOf(e);
    audit.withDetail(ApeOrchestrator.CORRELATION_ID, call.correlationId(), () -> AuditEvents.rejected(audit,
        Where.run(call.tenant(parts.tenant()), call.sessionId()), "execute", typed, decision,
        AuditEvents.STAGE, "orchestrator"));
    return new OrchestrationResult(false, prompt, intent, plan, reports, typed, call.correlationId());
  }


  /**
   * Reserves the step, after its ALLOW: a slot in the programmatic {@link ExecutionLimiter} and
   * in every {@link RateLimiter} given to the builder, then — in one atomic operation on the
   * shared {@link io.ape.spi.state.LimitLedger} — every window of the policy's
   * {@code rate_limits} and, in a session, its action cap and risk budget. Any refusal stops the
   * step; a reservation made before a refusal stays counted (no refunds).
   */
  private void reserve(CallContext call, String actionId, Map<String, Object> parameters,
      RiskLevel risk) {
    limiter.reserve(call.sessionId(), actionId, StepTargets.mainTarget(parameters), risk);
    List<String> targets = StepTargets.of(parameters);
    String session = call.limiterSessionId();
    for (RateLimiter rl : rateLimiters) {
      try {
        rl.reserve(session, actionId, targets, risk.score());
      } catch (IllegalArgumentException e) {
        throw new RateLimitExceededException(actionId, "invalid_request", 0, Instant.MAX,
            "the rate limiter refused '" + actionId + "': " + e.getMessage());
      } catch (io.ape.api.SessionNotFoundException e) {
        // the session was closed in the limiter because it ended meanwhile: say why, typed
        call.ensureActive();
        throw e;
      }
    }
    call.reserve(parts.ledgerLimits(), actionId, targets, risk, parts);
  }

}
