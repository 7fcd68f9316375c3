package io.ape.agentdojo.ape;

import io.ape.agentdojo.data.ToolSpec;
import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.RiskLevel;
import io.ape.core.actions.ActionRepository;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions of one suite, as the application (the harness) defines them: one action per tool,
 * with the tool's name as action id, its JSON schema from {@code tools.json}, and a risk level
 * from what the data says the tool does. The repository holds nothing else (no standard actions)
 * and is frozen.
 */
final class SuiteActions {
  private SuiteActions() {}

  /**
   * The risk of a tool: HIGH for a write (it changes the user's data or sends something), MODERATE
   * for a read with a side effect (fetching a URL logs it: an outbound channel; reading unread
   * e-mails marks them read), LOW for a plain read. Without a {@code provenance} key on its rules,
   * a HIGH action needs trusted parameters (the engine's default), so the policies say explicitly
   * where a write may take values from untrusted content.
   */
  static RiskLevel riskOf(ToolSpec spec) {
    if (spec.write()) {
      return RiskLevel.HIGH;
    }
    return spec.mutatesEnv() ? RiskLevel.MODERATE : RiskLevel.LOW;
  }

  static ActionRepository repository(String suite, List<ToolSpec> specs) {
    List<ActionDefinition> definitions = new ArrayList<>();
    for (ToolSpec spec : specs) {
      definitions.add(ActionDefinition.builder(spec.name())
          .description("AgentDojo " + suite + ": " + (spec.description().isEmpty() ? spec.name() : spec.description()))
          .category(ActionCategory.CUSTOM)
          .riskLevel(riskOf(spec))
          .parameterSchema(spec.parameterSchema())
          .compatibleTools(List.of(spec.name()))
          .build());
    }
    ActionRepository repository = new ActionRepository();
    repository.registerAll(definitions);
    repository.freeze();
    return repository;
  }
}
