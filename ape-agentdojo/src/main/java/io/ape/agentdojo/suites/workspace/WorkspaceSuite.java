package io.ape.agentdojo.suites.workspace;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteDefinition;
import io.ape.agentdojo.tasks.TranslationRegistry;
import io.ape.agentdojo.tools.ToolBody;
import java.util.Map;

/**
 * The workspace suite: 24 tools over an inbox, a calendar and a cloud drive.
 *
 * @since 0.2.0
 */
public final class WorkspaceSuite implements SuiteDefinition<WorkspaceEnvironment> {
  private final Map<String, ToolBody<WorkspaceEnvironment>> tools = WorkspaceTools.all();
  private final TranslationRegistry<WorkspaceEnvironment> translations = WorkspaceTasks.registry();

  @Override
  public String name() {
    return "workspace";
  }

  @Override
  public WorkspaceEnvironment environment(Object tree) {
    return WorkspaceEnvironment.read(tree);
  }

  @Override
  public Map<String, ToolBody<WorkspaceEnvironment>> tools() {
    return tools;
  }

  @Override
  public TranslationRegistry<WorkspaceEnvironment> translations() {
    return translations;
  }

  @Override
  public WorkspaceEnvironment cast(TaskEnvironment environment) {
    return (WorkspaceEnvironment) environment;
  }
}
