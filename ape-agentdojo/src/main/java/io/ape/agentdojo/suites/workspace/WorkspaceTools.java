package io.ape.agentdojo.suites.workspace;

import io.ape.agentdojo.suites.shared.SharedTools;
import io.ape.agentdojo.tools.ToolBody;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace tools: the email, calendar and cloud-drive tools of {@link SharedTools} on the
 * workspace environment.
 *
 * @since 0.2.0
 */
final class WorkspaceTools {
  private WorkspaceTools() {}

  static Map<String, ToolBody<WorkspaceEnvironment>> all() {
    Map<String, ToolBody<WorkspaceEnvironment>> t = new LinkedHashMap<>();
    SharedTools.email(t, env -> env.inbox);
    SharedTools.calendar(t, env -> env.calendar, env -> env.inbox);
    SharedTools.drive(t, env -> env.cloudDrive);
    return t;
  }
}
