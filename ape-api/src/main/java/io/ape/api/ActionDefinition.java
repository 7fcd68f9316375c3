package io.ape.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of one action: what it does, how risky it is, and the JSON Schema its
 * parameters must satisfy before any authority is issued for it.
 *
 * <p>Immutable deep copy, validated on construction: the id is well-formed ({@link ActionIds}),
 * description, category and risk level are present, tool ids are well-formed and JSON-like
 * values (schema, examples, constraints) are copied with {@link ParameterValues}. Whether the
 * schema itself is valid is checked when the definition is registered in a repository, which
 * compiles it. Because a definition cannot change, nothing about an action can be edited once
 * its repository is frozen.
 *
 * @param actionId the action id
 * @param description what the action does (shown to models and in plans)
 * @param category the category
 * @param riskLevel the risk level
 * @param parameterSchema the JSON Schema of the parameters; {@code {"type":"object"}} when
 *     {@code null}
 * @param compatibleTools tool ids that may perform the action; empty means "the tool the
 *     application binds to the action id", never "any tool"
 * @param requiresHumanReview whether every use needs an approved escalation
 * @param maxScopeBreadth descriptive breadth ({@code single_file}, {@code directory}) or
 *     {@code ""}; metadata only
 * @param tags free-form tags
 * @param examples example parameter sets
 * @param constraints extra constraints enforced by the repository (e.g.
 *     {@code query_must_be_select}); unknown keys are rejected at registration
 *
 * @since 0.1.0
 */
public record ActionDefinition(
    String actionId,
    String description,
    ActionCategory category,
    RiskLevel riskLevel,
    Map<String, Object> parameterSchema,
    List<String> compatibleTools,
    boolean requiresHumanReview,
    String maxScopeBreadth,
    List<String> tags,
    List<Map<String, Object>> examples,
    Map<String, Object> constraints) {

  public ActionDefinition {
    if (!ActionIds.isValid(actionId)) {
      throw new ActionRepositoryException("invalid action id '" + ActionIds.printable(actionId)
          + "' (allowed: " + ActionIds.pattern() + ")");
    }
    if (description == null) {
      throw new ActionRepositoryException("action '" + actionId + "' has no description");
    }
    if (category == null) {
      throw new ActionRepositoryException("action '" + actionId + "' has no category");
    }
    if (riskLevel == null) {
      throw new ActionRepositoryException("action '" + actionId + "' has no risk level");
    }
    parameterSchema = parameterSchema == null
        ? Map.of("type", "object") : ParameterValues.copyOf(parameterSchema);
    compatibleTools = List.copyOf(compatibleTools == null ? List.of() : compatibleTools);
    for (String tool : compatibleTools) {
      if (!ActionIds.isValid(tool)) {
        throw new ActionRepositoryException("action '" + actionId
            + "' names a malformed compatible tool id '" + ActionIds.printable(tool) + "'");
      }
    }
    maxScopeBreadth = maxScopeBreadth == null ? "" : maxScopeBreadth;
    tags = List.copyOf(tags == null ? List.of() : tags);
    List<Map<String, Object>> ex = new ArrayList<>();
    for (Map<String, Object> e : examples == null ? List.<Map<String, Object>>of() : examples) {
      ex.add(ParameterValues.copyOf(Objects.requireNonNull(e, "example")));
    }
    examples = List.copyOf(ex);
    constraints = ParameterValues.copyOf(constraints);
  }

  /** Starts a builder for an action with the given id. */
  public static Builder builder(String actionId) {
    return new Builder(actionId);
  }

  /** A builder pre-filled with this definition, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(actionId);
    b.description = description;
    b.category = category;
    b.riskLevel = riskLevel;
    b.parameterSchema = parameterSchema;
    b.compatibleTools = compatibleTools;
    b.requiresHumanReview = requiresHumanReview;
    b.maxScopeBreadth = maxScopeBreadth;
    b.tags = tags;
    b.examples = examples;
    b.constraints = constraints;
    return b;
  }

  /**
   * Builder for {@link ActionDefinition}; not thread-safe. {@link #build()} validates.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String actionId;
    private String description;
    private ActionCategory category = ActionCategory.CUSTOM;
    private RiskLevel riskLevel;
    private Map<String, Object> parameterSchema;
    private List<String> compatibleTools = List.of();
    private boolean requiresHumanReview;
    private String maxScopeBreadth = "";
    private List<String> tags = List.of();
    private List<Map<String, Object>> examples = List.of();
    private Map<String, Object> constraints = Map.of();

    private Builder(String actionId) {
      this.actionId = actionId;
    }

    /** What the action does. Required. */
    public Builder description(String v) { this.description = v; return this; }

    /** The category; {@link ActionCategory#CUSTOM} unless set. */
    public Builder category(ActionCategory v) { this.category = v; return this; }

    /** The risk level. Required. */
    public Builder riskLevel(RiskLevel v) { this.riskLevel = v; return this; }

    /** The JSON Schema of the parameters (copied). */
    public Builder parameterSchema(Map<String, ?> v) {
      this.parameterSchema = v == null ? null : new LinkedHashMap<>(v);
      return this;
    }

    /** Tool ids that may perform the action. */
    public Builder compatibleTools(List<String> v) { this.compatibleTools = v; return this; }

    /** Whether every use needs an approved escalation. */
    public Builder requiresHumanReview(boolean v) { this.requiresHumanReview = v; return this; }

    /** Descriptive breadth (metadata only). */
    public Builder maxScopeBreadth(String v) { this.maxScopeBreadth = v; return this; }

    /** Free-form tags. */
    public Builder tags(List<String> v) { this.tags = v; return this; }

    /** Example parameter sets. */
    public Builder examples(List<Map<String, Object>> v) { this.examples = v; return this; }

    /** Constraints enforced by the repository. */
    public Builder constraints(Map<String, ?> v) {
      this.constraints = v == null ? null : new LinkedHashMap<>(v);
      return this;
    }

    /** Builds and validates the definition. */
    public ActionDefinition build() {
      return new ActionDefinition(actionId, description, category, riskLevel, parameterSchema,
          compatibleTools, requiresHumanReview, maxScopeBreadth, tags, examples, constraints);
    }
  }
}
