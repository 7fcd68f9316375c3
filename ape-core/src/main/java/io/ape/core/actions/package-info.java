/**
 * The action repository: the actions an engine knows, their risk levels, and the parameter
 * schemas that are checked before any authority is issued.
 *
 * <p>{@link io.ape.core.actions.StandardActions#createRepository()} gives the Python original's
 * 18 standard actions (the frozen repository has the same version hash);
 * {@link io.ape.core.actions.ActionRepository} registers custom actions, freezes, and validates
 * parameters.
 *
 * <p>Decisions recorded here (DESIGN.md leaves them open):
 * <ul>
 *   <li>JSON Schema: a documented subset (see {@code CompiledSchema}); an unsupported keyword
 *       or format makes a schema invalid at registration instead of being ignored;
 *       {@code format: uri} and {@code format: email} are asserted (the Python original did
 *       not); {@code default}s are never applied; every error is reported, not just one.</li>
 *   <li>{@code integer} accepts only integral Java numbers; {@code 30.0} is not an integer.</li>
 *   <li>Network actions' {@code format: uri} accepts only http and https URLs with a host and
 *       without user info.</li>
 *   <li>Parameter hardening for every action: no NUL anywhere, no control characters in
 *       {@code path}/{@code directory}/{@code working_directory}, at most 4096 characters there.</li>
 *   <li>Constraints are enforced ({@code query_must_be_select}); unknown constraint keys are
 *       rejected at registration.</li>
 *   <li>{@code max_scope_breadth} and {@code tags} are metadata.</li>
 *   <li>Error messages quote keys and values only in a short, escaped form.</li>
 * </ul>
 */
package io.ape.core.actions;
