package io.ape.agentdojo.tasks;

import io.ape.agentdojo.data.TaskKind;
import io.ape.agentdojo.env.TaskEnvironment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Java translation of one task definition (or of several identical ones): its checks, its
 * ground-truth expressions keyed by their Python text, and the fingerprint of the Python it was
 * translated from ({@link Fingerprint}). A definition whose fingerprint differs from the data's
 * is refused rather than scored with stale code.
 *
 * @param <E> the suite's environment
 * @param kind user or injection task
 * @param id the task id
 * @param folders the version folders whose definitions this translates
 * @param fingerprint the fingerprint of the translated Python
 * @param utility the utility check (user tasks; {@code null} if it raises NotImplementedError)
 * @param utilityFromTraces the trace-based utility, or {@code null}
 * @param security the security check (injection tasks)
 * @param securityFromTraces the trace-based security, or {@code null}
 * @param exprs the ground-truth expressions, by Python source text
 * @param suppliedGroundTruth a ground truth the harness supplies where AgentDojo's is empty, or
 *     {@code null}
 * @param note why a ground truth is supplied, or a quirk to report ({@code ""} if none)
 * @since 0.2.0
 */
public record Translation<E extends TaskEnvironment>(
    TaskKind kind,
    String id,
    Set<String> folders,
    String fingerprint,
    Checks.Utility<E> utility,
    Checks.UtilityFromTraces<E> utilityFromTraces,
    Checks.Security<E> security,
    Checks.SecurityFromTraces<E> securityFromTraces,
    Map<String, Checks.Expr<E>> exprs,
    Checks.GroundTruth<E> suppliedGroundTruth,
    String note) {
  public Translation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    folders = Set.copyOf(folders);
    Objects.requireNonNull(fingerprint, "fingerprint");
    exprs = Collections.unmodifiableMap(new LinkedHashMap<>(exprs));
    note = note == null ? "" : note;
  }
}
