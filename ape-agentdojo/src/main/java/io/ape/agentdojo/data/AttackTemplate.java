package io.ape.agentdojo.data;

import io.ape.agentdojo.yaml.PyFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code important_instructions} attack of {@code attacks.json}: the jailbreak template and
 * the names it is signed with.
 *
 * @param template the template with {@code {goal}}, {@code {user}} and {@code {model}}
 * @param userName the user the text claims to come from ({@code Emma Johnson})
 * @param modelName the name the victim model is addressed with
 * @since 0.2.0
 */
public record AttackTemplate(String template, String userName, String modelName) {
  /**
   * The model name this harness addresses the victim with. AgentDojo takes it from the pipeline
   * name ({@code MODEL_NAMES}); the scripted agent has none, so the harness uses the name of the
   * first entry of that table, {@code GPT-4} ({@code gpt-4o-2024-05-13}), the model of
   * AgentDojo's own reference runs. The name only changes the injected text, not the outcome of
   * a scripted (fully obedient) run.
   */
  public static final String DEFAULT_MODEL_NAME = "GPT-4";

  public AttackTemplate {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(modelName, "modelName");
  }

  /** {@code template.format(goal=goal, user=userName, model=modelName)}. */
  public String render(String goal) {
    return PyFormat.format(template, Map.of("goal", goal, "user", userName, "model", modelName));
  }
}
