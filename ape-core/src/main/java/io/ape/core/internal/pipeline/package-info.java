/**
 * The composition root and the one authority pipeline, shared by
 * {@link io.ape.core.orchestrator.ApeOrchestrator} (the plan path) and
 * {@code io.ape.engine.ApeEngine} (the guarded call):
 * {@link io.ape.core.internal.pipeline.EngineParts} selects every SPI and builds the shared parts
 * (with {@link io.ape.core.internal.pipeline.ProviderConfiguration}),
 * {@link io.ape.core.internal.pipeline.Settings} reads the {@code ape.*} configuration,
 * {@link io.ape.core.internal.pipeline.OneRun} carries one run (a plan, or the one step of a
 * guarded call) through issuance and the enforcement gate, and
 * {@link io.ape.core.internal.pipeline.PolicyLifecycle} does what a policy reload implies.
 *
 * <p>Not API: applications use {@code io.ape.engine}. Public only so that the orchestrator and the
 * engine facade can share them; not exported by the module.
 *
 * @since 0.2.0
 */
package io.ape.core.internal.pipeline;
