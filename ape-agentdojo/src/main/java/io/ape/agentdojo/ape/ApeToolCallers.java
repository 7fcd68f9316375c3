package io.ape.agentdojo.ape;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.run.RunContext;
import io.ape.agentdojo.run.ToolCaller;
import io.ape.agentdojo.run.ToolCallerFactory;
import io.ape.spi.EscalationResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark with APE: every run's agent reaches the tools through an {@link ApeToolCaller},
 * that is, through the engine's guarded call and the session's provenance tracker, exactly as an
 * integrator's adapter does.
 *
 * <p>One {@link io.ape.engine.ApeEngine} per suite is built on the first run of the suite, from
 * the suite's policy ({@link AgentDojoPolicies}), with one action per tool ({@code tools.json}:
 * schema, risk from read/write) and every tool registered; each run opens its own session. The
 * escalation resolver is the engine's default, {@code deny-all}: the benchmark has no human, so an
 * escalation is a refusal (the refused user tasks are listed with the rule that escalated).
 *
 * <p>Thread-safe; {@link #close()} closes the engines.
 *
 * @since 0.2.0
 */
public final class ApeToolCallers implements ToolCallerFactory, AutoCloseable {
  private final AgentDojoPolicies policies;
  private final EscalationResolver resolver;
  private final Map<String, SuiteEngine> engines = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ApeToolCallers(AgentDojoPolicies policies, EscalationResolver resolver) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.resolver = resolver;
  }

  /** Tool callers enforcing {@code policies}; escalations are refused (no human). */
  public static ApeToolCallers of(AgentDojoPolicies policies) {
    return new ApeToolCallers(policies, null);
  }

  /** Tool callers enforcing {@code policies}, escalations answered by {@code resolver}. */
  public static ApeToolCallers of(AgentDojoPolicies policies, EscalationResolver resolver) {
    return new ApeToolCallers(policies, Objects.requireNonNull(resolver, "resolver"));
  }

  /** Where the policies come from. */
  public AgentDojoPolicies policies() {
    return policies;
  }

  @Override
  public ToolCaller open(RunContext context) {
    if (closed) {
      throw new AgentDojoException("the APE tool callers are closed");
    }
    List<ToolSpec> specs = context.toolbox().specs();
    SuiteEngine engine = engines.computeIfAbsent(context.suite(),
        suite -> new SuiteEngine(suite, policies.policy(suite), specs, resolver));
    List<String> names = new ArrayList<>();
    specs.forEach(s -> names.add(s.name()));
    if (!engine.tools().containsAll(names) || engine.tools().size() != names.size()) {
      throw new AgentDojoException("suite '" + context.suite() + "': the run's tools " + names
          + " are not the tools its engine was built with " + engine.tools());
    }
    return new ApeToolCaller(engine, context);
  }

  @Override
  public String name() {
    return "ape";
  }

  @Override
  public void close() {
    closed = true;
    engines.values().forEach(SuiteEngine::close);
    engines.clear();
  }
}
