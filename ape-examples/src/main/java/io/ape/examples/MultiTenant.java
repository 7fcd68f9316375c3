package io.ape.examples;

import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.api.TenantMismatchException;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two tenants share one policy engine and one authority issuer; a token issued in tenant A is
 * refused when it is presented in tenant B, and left untouched: tenant A's run can still use it
 * (showing a token to the wrong run does not take it from its owner).
 */
public final class MultiTenant {
  private static final Logger LOG = LoggerFactory.getLogger(MultiTenant.class);

  /**
   * What happened: tenant A's own call, the refusal in B, whether A's token was still usable
   * after B refused it, and what A's run did with it then.
   */
  public record Result(Object tenantAResult, TenantMismatchException refusalInB,
      boolean tokenStillUsable, Object tenantAResultWithIt) {}

  /** One tenant's run. */
  private record TenantRun(AuthorityManager authority, EnforcementGate gate) {}

  private MultiTenant() {}

  public static void main(String[] args) {
    Result r = run();
    LOG.info("tenant A ran: {}", r.tenantAResult());
    LOG.info("tenant B refused A's token: {}", r.refusalInB().getMessage());
  }

  /** Runs the scenario. */
  public static Result run() {
    PolicyEngine policy = PolicyEngine.fromFile(ExamplePolicies.file("read_only.yaml"));
    InMemoryAuthorityIssuer issuer = new InMemoryAuthorityIssuer(Clock.systemUTC());
    ToolRegistry tools = new ToolRegistry();
    tools.register("read_file", p -> "contents of " + p.get("path"), false);

    TenantRun a = start("tenant-a", policy, issuer, tools);
    TenantRun b = start("tenant-b", policy, issuer, tools);

    Object aResult = a.gate().execute(a.authority().issue(a.authority().actionForStep(0))).value();
    AuthorityToken stolen = a.authority().issue(a.authority().actionForStep(1));
    TenantMismatchException refusal;
    try {
      b.gate().execute(stolen);
      throw new IllegalStateException("tenant B accepted a token of tenant A");
    } catch (TenantMismatchException e) {
      refusal = e;
    }
    boolean stillUsable = issuer.isOutstanding(stolen);
    Object second = a.gate().execute(stolen).value();
    return new Result(aResult, refusal, stillUsable, second);
  }

  private static TenantRun start(String tenant, PolicyEngine policy,
      InMemoryAuthorityIssuer issuer, ToolRegistry tools) {
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(tenant).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, policy);
    AuthorityManager authority = AuthorityManager.builder(runtime, plans, policy).issuer(issuer).build();
    intents.set(new Intent(tenant, List.of("read_file"), List.of(), List.of(), "execution", "",
        Map.of()), Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    plans.submit(new Plan(tenant, List.of(
        PlanStep.of("read_file", Map.of("path", "/workspace/" + tenant + "/a.txt")),
        PlanStep.of("read_file", Map.of("path", "/workspace/" + tenant + "/b.txt"))), "", Map.of()),
        Provenance.USER_TRUSTED);
    plans.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);
    return new TenantRun(authority, new EnforcementGate(authority, tools));
  }
}
