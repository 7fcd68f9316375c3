package io.ape.audit;

import io.ape.api.ActionRequest;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-evaluates every recorded {@code DECISION} against another policy and reports the
 * decisions whose outcome changes: the regression test for a policy change.
 *
 * <p>Each decision is rebuilt as an {@link ActionRequest} from the record: the action id, the
 * recorded parameters (values the policy redacted stay redacted, so a condition on a redacted
 * parameter sees its hash), the tenant ({@code default} when none was recorded), the session,
 * the provenance from the record's {@code parameters_provenance} (or {@code provenance})
 * detail when present, and the per-parameter labels from its {@code parameter_labels} detail
 * ({@link #formatLabels}), else
 * {@link Provenance#EXTERNAL_UNTRUSTED} (the engine's fail-closed default). An exception from
 * the decision point counts as a DENY. Thread-safe (stateless).
 *
 * <p>The engine's own post-processing of a decision (e.g. an intent that requires escalation
 * for an action the policy allows) is not part of the policy and is not replayed: such a
 * recorded decision can show up as changed although the policy did not change it.
 */
public final class AuditReplayer {
  /** The detail key from which the parameters' provenance is restored. */
  public static final String PROVENANCE_DETAIL = "parameters_provenance";
  /** The fallback detail key for the provenance. */
  public static final String PROVENANCE_DETAIL_FALLBACK = "provenance";
  /**
   * The detail key of the per-parameter labels ({@link #formatLabels}).
   *
   * @since 0.2.0
   */
  public static final String LABELS_DETAIL = "parameter_labels";

  /**
   * Per-parameter labels as one detail value: {@code name=LABEL} pairs separated by commas, in
   * the map's order, with {@code %}, {@code ,} and {@code =} in names percent-encoded.
   *
   * @since 0.2.0
   */
  public static String formatLabels(Map<String, Provenance> labels) {
    StringBuilder sb = new StringBuilder();
    labels.forEach((name, label) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(name.replace("%", "%25").replace(",", "%2C").replace("=", "%3D")).append('=')
          .append(label == null ? Provenance.EXTERNAL_UNTRUSTED : label);
    });
    return sb.toString();
  }

  /** The labels {@link #formatLabels} wrote; unknown labels are EXTERNAL_UNTRUSTED. */
  static Map<String, Provenance> parseLabels(String detail) {
    Map<String, Provenance> out = new java.util.LinkedHashMap<>();
    if (detail == null || detail.isEmpty()) {
      return out;
    }
    for (String pair : detail.split(",")) {
      int eq = pair.lastIndexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).replace("%3D", "=").replace("%2C", ",")
          .replace("%25", "%");
      out.put(name, label(pair.substring(eq + 1)));
    }
    return out;
  }

  private static Provenance label(String name) {
    for (Provenance v : Provenance.values()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return Provenance.EXTERNAL_UNTRUSTED;
  }

  private AuditReplayer() {}

  /** Replays records already read. */
  public static ReplayResult replay(Iterable<AuditRecord> records, PolicyDecisionPoint pdp) {
    Objects.requireNonNull(pdp, "pdp");
    Accumulator acc = new Accumulator(pdp);
    for (AuditRecord r : records) {
      acc.add(r);
    }
    return acc.result(Optional.empty());
  }

  /**
   * Replays a log streamed from its files (oldest first).
   *
   * @throws io.ape.api.AuditException if a file cannot be read or a line is not a record
   */
  public static ReplayResult replay(List<Path> files, PolicyDecisionPoint pdp) {
    return replay(AuditReader.withDefaults(), files, pdp);
  }

  /** Replays a log read with the given reader. */
  public static ReplayResult replay(AuditReader reader, List<Path> files,
      PolicyDecisionPoint pdp) {
    Objects.requireNonNull(pdp, "pdp");
    Accumulator acc = new Accumulator(pdp);
    AuditReader.Summary s = reader.forEach(files,
        AuditQuery.all().withType(AuditEventType.DECISION), acc::add);
    return acc.result(s.tornTail());
  }

  private static final class Accumulator {
    private final PolicyDecisionPoint pdp;
    private final List<ChangedDecision> changes = new ArrayList<>();
    private final List<RecordLocation> unreplayable = new ArrayList<>();
    private long replayed;
    private long unchanged;

    Accumulator(PolicyDecisionPoint pdp) {
      this.pdp = pdp;
    }

    void add(AuditRecord r) {
      AuditEvent e = r.event();
      if (e.type() != AuditEventType.DECISION) {
        return;
      }
      if (e.decision() == null) {
        unreplayable.add(r.location());
        return;
      }
      replayed++;
      Decision now = evaluate(e);
      if (now.outcome() == e.decision()) {
        unchanged++;
        return;
      }
      changes.add(new ChangedDecision(r.location(), e.actionId(), e.tenantId(), e.sessionId(),
          e.parameters(), e.decision(), e.ruleId(), e.reason(), now.outcome(),
          now.matchedRule() == null ? "" : now.matchedRule(), now.reason()));
    }

    private Decision evaluate(AuditEvent e) {
      String tenant = e.tenantId().isEmpty() ? RequestContext.DEFAULT_TENANT : e.tenantId();
      RequestContext ctx = new RequestContext(tenant, e.sessionId(), provenance(e), Map.of(),
          parseLabels(e.details().get(LABELS_DETAIL)));
      try {
        Decision d = pdp.evaluate(new ActionRequest(e.actionId(), e.parameters(), ctx));
        if (d == null) {
          return Decision.deny(e.actionId(), "the decision point returned no decision",
              DecisionSource.ERROR, "");
        }
        return d;
      } catch (RuntimeException ex) {
        return Decision.deny(e.actionId(), "the decision point failed: " + ex,
            DecisionSource.ERROR, "");
      }
    }

    private static Provenance provenance(AuditEvent e) {
      String p = e.details().get(PROVENANCE_DETAIL);
      if (p == null) {
        p = e.details().get(PROVENANCE_DETAIL_FALLBACK);
      }
      if (p != null) {
        for (Provenance v : Provenance.values()) {
          if (v.name().equals(p)) {
            return v;
          }
        }
      }
      return Provenance.EXTERNAL_UNTRUSTED;
    }

    ReplayResult result(Optional<TornTail> torn) {
      String version;
      try {
        version = Objects.requireNonNullElse(pdp.policyVersion(), "");
      } catch (RuntimeException ex) {
        version = "";
      }
      return new ReplayResult(version, replayed, unchanged, changes, unreplayable, torn);
    }
  }
}
