package io.ape.core.compiler;

/**
 * A phrase of the prompt that names an action (internal form of
 * {@link io.ape.api.IntentSignal}).
 *
 * @param actionId the action
 * @param confidence confidence
 * @param start start of the phrase (after any imperative lead-in)
 * @param end end of the phrase, argument included
 * @param argStart start of the argument ({@code -1} if none)
 * @param argEnd end of the argument
 * @param language the programming language named in the phrase, or {@code null}
 * @param negated whether a negation precedes the phrase in its clause
 * @param afterOverride whether the phrase follows instruction-override text
 */
record PromptSignal(String actionId, double confidence, int start, int end, int argStart,
    int argEnd, String language, boolean negated, boolean afterOverride) {
}
