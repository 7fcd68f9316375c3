package io.ape.agentdojo.data;

/**
 * A component of a combined user task ({@code TaskCombinator}): the task and the definition
 * folder of the instance the combination captured, and the {@code strict} flag its utility is
 * called with.
 *
 * @param id the component's task id
 * @param definition the folder of the component's definition, e.g. {@code v1}
 * @param utilityStrict the {@code strict} argument of the component's utility
 * @since 0.2.0
 */
public record CombinedPart(String id, String definition, boolean utilityStrict) {}
