package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.Policy;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.ProviderNotFoundException;
import io.ape.api.SourceLocation;
import io.ape.core.policy.Explanation;
import io.ape.core.policy.PolicyEngine;
import io.ape.spi.PolicyParserProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Loads policies with the real {@link PolicyEngine} of ape-core. */
final class EnginePolicyLoader implements PolicyLoader {
  @Override
  public LoadedPolicy load(Path file) {
    PolicyEngine engine;
    try {
      engine = PolicyEngine.fromFile(file);
    } catch (ProviderNotFoundException e) {
      if (e.spi().endsWith(PolicyParserProvider.class.getSimpleName())) {
        throw unsupportedFormat(file, e);
      }
      throw e;
    }
    return new EngineBackedPolicy(engine);
  }

  /** A file whose extension no parser handles is not a policy we can read (exit 3). */
  private static PolicyParseException unsupportedFormat(Path file, ProviderNotFoundException e) {
    TreeSet<String> known = new TreeSet<>();
    for (PolicyParserProvider p : ServiceLoader.load(PolicyParserProvider.class)) {
      known.addAll(p.fileExtensions());
    }
    return new PolicyParseException(SourceLocation.of(file.toString()), "",
        "unsupported policy format: the file name must end in "
            + (known.isEmpty() ? "a known extension" : "." + String.join(", .", known)), e);
  }

  private record EngineBackedPolicy(PolicyEngine engine) implements LoadedPolicy {
    @Override
    public Policy policy() {
      return engine.policy();
    }

    @Override
    public List<PolicyProblem> warnings() {
      return engine.warnings();
    }

    @Override
    public Decision evaluate(ActionRequest request) {
      return engine.evaluate(request);
    }

    @Override
    public DecisionTrace explain(ActionRequest request) {
      Explanation e = engine.explain(request);
      List<DecisionTrace.RuleTrace> rules = new ArrayList<>(e.rules().size());
      for (Explanation.RuleTrace r : e.rules()) {
        List<ConditionSpec> specs = conditionsOf(r.ruleId());
        List<DecisionTrace.ConditionTrace> conditions = new ArrayList<>(r.conditions().size());
        for (int i = 0; i < r.conditions().size(); i++) {
          Explanation.ConditionTrace c = r.conditions().get(i);
          Object argument = i < specs.size() && specs.get(i).parameter().equals(c.parameter())
              ? specs.get(i).argument() : null;
          conditions.add(new DecisionTrace.ConditionTrace(c.parameter(), c.operator(), argument,
              c.holds(), c.holds() ? "" : c.detail()));
        }
        rules.add(new DecisionTrace.RuleTrace(r.ruleId(), r.decision(), r.location(), r.matched(),
            conditions));
      }
      return new DecisionTrace(e.decision(), e.steps(), rules);
    }

    private List<ConditionSpec> conditionsOf(String ruleId) {
      for (PolicyRule rule : engine.policy().rules()) {
        if (rule.id().equals(ruleId)) {
          return rule.conditions();
        }
      }
      return List.of();
    }

    @Override
    public void close() {
      engine.close();
    }
  }
}
