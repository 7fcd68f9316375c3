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
 * @param parameters every parameter of the tool's input schema, in schema order, or
 *     {@code null} when the schema's properties are unknown (the rule is then not closed)
 * @param listParameters the constrained parameters that take a list, checked element by
 *     element with {@code each} (since 0.2.0)
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
    ToolSource source,
    List<String> parameters,
    List<String> listParameters) {

  /** An assessment without the schema's parameters (the rule is open), as before 0.2.0. */
  public ToolAssessment(String server, String tool, String actionId, Outcome decision,
      RiskLevel risk, List<String> reasons, List<String> pathParameters,
      List<String> urlParameters, List<String> repositoryPathParameters, ToolHints hints,
      ToolSource source) {
    this(server, tool, actionId, decision, risk, reasons, pathParameters, urlParameters,
        repositoryPathParameters, hints, source, null, List.of());
  }

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
    parameters = parameters == null ? null : List.copyOf(parameters);
    listParameters = listParameters == null ? List.of() : List.copyOf(listParameters);
  }

  /** Whether the generated rule is closed: the tool's schema names its parameters. */
  public boolean isClosed() {
    // a deny rule is never closed: an extra parameter would make it not apply
    return parameters != null && decision != Outcome.DENY;
  }

  /** {@code true} if the rule carries conditions (placeholders or fixed ones). */
  public boolean hasConditions() {
    // a denied tool (e.g. a poisoned description) is denied whatever its arguments
    return decision != Outcome.DENY && (hasPlaceholders() || !repositoryPathParameters.isEmpty());
  }

  /** {@code true} if the rule carries placeholder conditions to fill in. */
  public boolean hasPlaceholders() {
    return !pathParameters.isEmpty() || !urlParameters.isEmpty();
  }
}
