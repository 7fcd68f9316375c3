package io.ape.core.planning;

import java.util.List;

/**
 * A model's proposed plan, parsed but not validated.
 *
 * @param steps the proposed steps, in order
 * @param format where the steps were found
 * @param warnings what the parser ignored (unknown top-level keys, list items that do not
 *     start with an action id), in order
 */
public record PlanProposal(List<ProposedStep> steps, Format format, List<String> warnings) {
  public PlanProposal {
    steps = List.copyOf(steps);
    java.util.Objects.requireNonNull(format, "format");
    warnings = List.copyOf(warnings);
  }

  /** Where a proposal's steps were found. */
  public enum Format {
    /** The whole output is JSON (an array of steps, or an object with {@code steps}). */
    JSON,
    /** A fenced code block in the output is JSON. */
    JSON_BLOCK,
    /** A numbered or bulleted markdown list of action ids. */
    MARKDOWN_LIST;

    /** The lower-case name used in plan metadata. */
    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
