/**
 * The policy engine: {@link io.ape.core.policy.PolicyEngine} compiles a policy once into an
 * immutable index and decides ALLOW, DENY or ESCALATE for actions, deterministically and
 * fail-closed, with {@code explain} output, hot reload and update listeners.
 *
 * <p>Deliberate differences from the Python original (each closes a fail-open path; DESIGN §4):
 * <ol>
 *   <li>a condition on an absent parameter is not skipped (upstream skipped it): it fails an
 *       allow rule, and a deny or escalate rule applies when a parameter it inspects is absent,
 *       as it does for a value it cannot judge;</li>
 *   <li>rules are evaluated even without parameters (upstream skipped all rules);</li>
 *   <li>a deny rule decides only when its conditions hold; a failed condition on any rule
 *       continues with the next rule; if the action has rules and none matched, the action is
 *       DENIED with every failed condition (upstream fell through to {@code allowed_actions});</li>
 *   <li>action ids must match {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}} exactly: anything else
 *       is DENY, and a policy containing one does not load;</li>
 *   <li>string conditions refuse control characters and {@code ..} segments where a path is
 *       compared; typed operators ({@code path_within}, {@code domain_in}, {@code max_bytes},
 *       {@code one_of}) do what their names say; {@code regex} runs on RE2/J;</li>
 *   <li>external evaluators only narrow: their ALLOW never overrides DENY or ESCALATE, and
 *       their error, timeout or {@code null} is DENY;</li>
 *   <li>default allow loads, but every decision it produces is flagged and says
 *       "default allow";</li>
 *   <li>tool transitions are exposed ({@code isTransitionAllowed}) for the plan layer to
 *       enforce.</li>
 * </ol>
 *
 * <p>The second edition of the language (0.2) adds: closed parameter sets
 * ({@code parameters: closed}, {@code default_parameters}), the {@code present} and
 * {@code absent} operators, the list quantifiers {@code each}, {@code any} and {@code count},
 * {@code email_domain_in}, per-parameter {@code provenance}, context values in arguments
 * ({@code ${tenant}}, {@code ${session.user}}, {@code ${session.attributes.KEY}}, see
 * {@code ContextTemplate}), {@code combining: deny_overrides}, warnings for shadowed rules
 * ({@code RuleShadowing}) and {@link io.ape.core.policy.PolicyLint} against an action catalog.
 * Provenance is judged here and nowhere else ({@code TrustRequirement}): each parameter's own
 * label, {@code RequestContext.provenanceOf}, with MODEL_GENERATED and EXTERNAL_UNTRUSTED both
 * untrusted. A DENY's reason is rendered when it is first read ({@link
 * io.ape.api.Decision#explained}).
 */
package io.ape.core.policy;
