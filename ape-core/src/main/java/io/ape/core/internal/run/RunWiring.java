package io.ape.core.internal.run;

import io.ape.spi.state.RevocationRegistry;
import java.util.function.IntFunction;

/**
 * How the engine's pipeline wires the authority of one run.
 *
 * @param generation the engine's policy generation (shared by every run), or {@code null} for a
 *     generation of the run's own
 * @param revocations the shared revocation registry whose epochs every token is checked
 *     against, or {@code null} for none
 * @param preDecisions the decisions made before the run started, by step index (reused at
 *     issuance when they still hold), or {@code null}
 * @param compactAudit whether an executed step is audited as one grant record (decision, token,
 *     start) and one end record, instead of a record per stage
 * @since 0.2.0
 */
public record RunWiring(PolicyGeneration generation, RevocationRegistry revocations,
    IntFunction<PreDecision> preDecisions, boolean compactAudit) {}
