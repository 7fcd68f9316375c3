/**
 * The stages of one run of the authority pipeline, shared by every path to a tool (the seed's
 * manual path, the orchestrator's plan path and the engine's guarded call), so that each decision
 * is made in one place: {@link io.ape.core.internal.run.StepDecider} (the one evaluation of a
 * step), {@link io.ape.core.internal.run.EscalationFlow} (the approval bound to its request and
 * used once), {@link io.ape.core.internal.run.TokenVerifier} (the one verdict on a presented
 * token), {@link io.ape.core.internal.run.PolicyGeneration} (revocation by a monotonic policy
 * generation), {@link io.ape.core.internal.run.Grant}, {@link io.ape.core.internal.run.RunState}
 * and {@link io.ape.core.internal.run.RunWiring}.
 *
 * <p>Not API: public only so that the other {@code io.ape.core} packages can share them; not
 * exported by the module.
 *
 * @since 0.2.0
 */
package io.ape.core.internal.run;
