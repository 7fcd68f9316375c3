/**
 * The composition root and the one authority pipeline, shared by
 * {@link io.ape.core.orchestrator.ApeOrchestrator} (the plan path) and
 * {@code io.ape.engine.ApeEngine} (the guarded call): {@link io.ape.core.pipeline.EngineParts}
 * selects every SPI and builds the shared parts, {@link io.ape.core.pipeline.Settings} reads the
 * {@code ape.*} configuration, {@link io.ape.core.pipeline.OneRun} carries one run through intent,
 * plan, issuance and the enforcement gate.
 *
 * <p>Not API: applications use {@code io.ape.engine}. These classes are public only so that the
 * orchestrator and the engine facade can share them; they will move to an unexported
 * {@code internal} package when the modules get {@code module-info.java}.
 *
 * @since 0.2.0
 */
package io.ape.core.pipeline;
