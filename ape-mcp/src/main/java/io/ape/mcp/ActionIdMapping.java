package io.ape.mcp;

import java.util.Objects;

/**
 * A tool whose action id is not simply {@code server.tool}, because the names contained characters
 * outside the action-id alphabet, were too long, or collided with another tool's id.
 *
 * @param server the server's name as configured
 * @param tool the tool's name as the server gives it
 * @param actionId the action id used in the policy
 * @param reason why it differs
 */
public record ActionIdMapping(String server, String tool, String actionId, String reason) {
  public ActionIdMapping {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(reason, "reason");
  }
}
