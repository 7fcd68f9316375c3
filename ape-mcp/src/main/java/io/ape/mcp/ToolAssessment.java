package io.ape.mcp;

import io.ape.api.Outcome;
import io.ape.api.RiskLevel;
import java.util.List;
import java.util.Objects;

/**
 * What the policy generator decided for one tool, and why.
 *
 * @param server the server's name
 * @param tool the tool's name
 * @param actionId its action id in the policy ({@code server.tool}, mapped if needed)
 * @param decision {@link Outcome#ALLOW} or {@link Outcome#ESCALATE}, or {@link Outcome#DENY} for
 *     a tool with signs of poisoning (an explicit deny rule, so that it is reported; everything
 *     else is denied by the policy's default)
 * @param risk the assessed risk
 * @param reasons why, in words (first the deciding reason)
 * @param pathParameters parameters constrained with {@code path_within}
 * @param urlParameters parameters constrained with {@code domain_in}
 * @param repositoryPathParameters paths inside a repository, constrained with {@code denylist}
 *     (no leading {@code /}, no backslash, no {@code ..} segment) instead of {@code path_within}
 * @param hints the tool's annotations
 * @param source where the tool was learned from
 */
public record ToolAssessment(
    String server,
    String tool,
    String actionId,
    Outcome decision,
    RiskLevel risk,
    List<String> reasons,
    List<String> pathParameters,
    List<String> urlParameters,
    List<String> repositoryPathParameters,
    ToolHints hints,
    ToolSource source) {

  public ToolAssessment {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(risk, "risk");
    reasons = List.copyOf(reasons);
    pathParameters = List.copyOf(pathParameters);
    urlParameters = List.copyOf(urlParameters);
    repositoryPathParameters = repositoryPathParameters == null ? List.of()
        : List.copyOf(repositoryPathParameters);
    hints = hints == null ? ToolHints.unknown() : hints;
    Objects.requireNonNull(source, "source");
  }

  /** {@code true} if the rule carries conditions (placeholders or fixed ones). */
  public boolean hasConditions() {
    return hasPlaceholders() || !repositoryPathParameters.isEmpty();
  }

  /** {@code true} if the rule carries placeholder conditions to fill in. */
  public boolean hasPlaceholders() {
    return !pathParameters.isEmpty() || !urlParameters.isEmpty();
  }
}
