package io.ape.agentdojo.suites.slack;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteDefinition;
import io.ape.agentdojo.tasks.TranslationRegistry;
import io.ape.agentdojo.tools.ToolBody;
import java.util.Map;

/**
 * The slack suite: 11 tools over a Slack workspace and the web.
 *
 * @since 0.2.0
 */
public final class SlackSuite implements SuiteDefinition<SlackEnvironment> {
  private final Map<String, ToolBody<SlackEnvironment>> tools = SlackTools.all();
  private final TranslationRegistry<SlackEnvironment> translations = SlackTasks.registry();

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public SlackEnvironment environment(Object tree) {
    return SlackEnvironment.read(tree);
  }

  @Override
  public Map<String, ToolBody<SlackEnvironment>> tools() {
    return tools;
  }

  @Override
  public TranslationRegistry<SlackEnvironment> translations() {
    return translations;
  }

  @Override
  public SlackEnvironment cast(TaskEnvironment environment) {
    return (SlackEnvironment) environment;
  }
}
