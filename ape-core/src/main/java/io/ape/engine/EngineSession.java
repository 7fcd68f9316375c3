package io.ape.engine;

import io.ape.api.ActionIds;
import io.ape.api.GuardedCallResult;
import io.ape.api.IntentException;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceTracker;
import io.ape.core.audit.AuditLog;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.internal.run.OneStepRun;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.provenance.ProvenanceGuard;
import io.ape.core.provenance.ValueProvenanceTracker;
import io.ape.core.session.Session;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@link AgentSession} of an {@link ApeEngine}: a {@link Session} plus tracker and intent. */
final class EngineSession implements AgentSession {
  private final ApeEngine engine;
  private final EngineParts parts;
  private final Session session;
  private final ValueProvenanceTracker tracker = new ValueProvenanceTracker();
  private final EscalationHandler escalation;
  private final Map<String, String> attributes;
  private final Object intentLock = new Object();
  private volatile Set<String> declared;
  private volatile CallIntent callIntent;

  EngineSession(ApeEngine engine, EngineParts parts, Session session, SessionOptions options) {
    this.engine = engine;
    this.parts = parts;
    this.session = session;
    // what the policy's context values read: the session's attributes, and its user under
    // PolicyEngine.USER_ATTRIBUTE (${session.user}; the session's own user always wins)
    Map<String, String> all = new java.util.HashMap<>(options.attributes());
    all.put(io.ape.core.policy.PolicyEngine.USER_ATTRIBUTE, session.userId());
    this.attributes = Map.copyOf(all);
    // a session's own resolver shares the engine's bounded escalation threads
    this.escalation = options.resolver() == null ? null
        : parts.escalation().sharingThreads(options.resolver());
  }

  Session session() {
    return session;
  }

  /** The session's escalation handler, or the engine's. */
  EscalationHandler escalation() {
    return escalation != null ? escalation : parts.escalation();
  }

  Map<String, String> attributes() {
    return attributes;
  }

  /** Called once the session ended: releases its resolver's threads. */
  void ended() {
    if (escalation != null) {
      escalation.close();
    }
  }

  @Override
  public String id() {
    return session.id();
  }

  @Override
  public String reference() {
    return session.reference();
  }

  @Override
  public String tenantId() {
    return session.tenantId();
  }

  @Override
  public String userId() {
    return session.userId();
  }

  @Override
  public ProvenanceTracker provenance() {
    return tracker;
  }

  @Override
  public void recordUserMessage(String text) {
    tracker.recordTrusted("user", text);
  }

  @Override
  public void recordApplicationValue(String name, Object value) {
    tracker.recordTrusted("app:" + name, value);
  }

  @Override
  public void recordToolResult(String toolId, Object result) {
    if (engine.isTrustedSource(toolId)) {
      tracker.recordTrusted(toolId, result);
    } else {
      tracker.recordUntrusted(toolId, result);
    }
  }

  /**
   * The session's intent as the intent of its calls' one-step runs (versioned once per intent:
   * recomputed only when the declared or default intent changes).
   */
  CurrentIntent callIntent() {
    Set<String> actions = intent();
    CallIntent c = callIntent;
    if (c == null || c.actions != actions) {
      c = new CallIntent(actions, OneStepRun.intentOf(tenantId(), new ArrayList<>(
          new TreeSet<>(actions))));
      callIntent = c;
    }
    return c.intent;
  }

  private record CallIntent(Set<String> actions, CurrentIntent intent) {}

  @Override
  public Set<String> intent() {
    Set<String> d = declared;
    return d != null ? d : engine.defaultIntent();
  }

  @Override
  public void declareIntent(Set<String> actionIds, Provenance channel) {
    AuditLog audit = parts.audit();
    if (!Provenance.isTrusted(channel)) {
      var refusal = ProvenanceGuard.refusal(channel, "declare the intent of a session");
      AuditEvents.rejected(audit, Where.run(tenantId(), reference()), "declare_intent", refusal,
          null);
      throw refusal;
    }
    if (actionIds == null || actionIds.isEmpty()) {
      throw new IntentException("a declared intent names at least one action");
    }
    Set<String> copy = new TreeSet<>();
    for (String id : actionIds) {
      if (!ActionIds.isValid(id)) {
        throw new IntentException("the declared intent contains a malformed action id '"
            + ActionIds.printable(id) + "' (allowed: " + ActionIds.pattern() + ")");
      }
      copy.add(id);
    }
    synchronized (intentLock) {
      session.ensureActive();
      boolean changed = declared != null;
      AuditEvents.sessionIntent(audit, Where.run(tenantId(), reference()), changed,
          String.join(",", copy), channel);
      declared = Set.copyOf(copy);
    }
  }

  @Override
  public GuardedCallResult call(String toolId, Map<String, ?> arguments) {
    return engine.call(this, toolId, arguments);
  }

  @Override
  public boolean isActive() {
    return session.isActive();
  }

  @Override
  public void close() {
    if (session.isActive()) {
      parts.sessions().end(session);
    }
  }

  @Override
  public String toString() {
    return "AgentSession[" + reference() + ", user=" + ActionIds.printable(userId()) + ", tenant="
        + ActionIds.printable(tenantId()) + (isActive() ? "" : ", ended") + "]";
  }
}
