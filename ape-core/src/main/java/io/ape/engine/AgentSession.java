package io.ape.engine;

import io.ape.api.GuardedCallResult;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceTracker;
import java.util.Map;
import java.util.Set;

/**
 * One conversation or agent run in an {@link ApeEngine}: its user, tenant and lifetime, the
 * actions it may use (its intent), and the provenance of the values it saw. Opened with
 * {@link ApeEngine#openSession}; thread-safe (calls in one session may run concurrently, each as
 * its own one-step run).
 *
 * <p>Record what the conversation contains, as it happens: the user's messages and the
 * application's own values are trusted inputs; results of tools called outside the engine are
 * untrusted unless the tool is a trusted source of the policy. Results of {@link #call} are
 * recorded by the engine itself.
 *
 * @since 0.2.0
 */
public interface AgentSession extends AutoCloseable {
  /** The session id: a bearer secret (whoever holds it can call in the session); never logged. */
  String id();

  /** A non-secret reference to the session, as audit records name it. */
  String reference();

  /** The tenant. */
  String tenantId();

  /** The user. */
  String userId();

  /** The session's provenance tracker. */
  ProvenanceTracker provenance();

  /** Records a message the user typed (a trusted input). */
  void recordUserMessage(String text);

  /** Records a value the application itself supplies (a trusted input). */
  void recordApplicationValue(String name, Object value);

  /**
   * Records the result of a tool the engine did not run: untrusted unless the policy lists the
   * tool under {@code trusted_sources}.
   */
  void recordToolResult(String toolId, Object result);

  /** The actions this session may use now (unmodifiable). */
  Set<String> intent();

  /**
   * Declares a narrower intent. Only a trusted channel may do so.
   *
   * @param actionIds the actions the session may use from now on (non-empty, valid ids)
   * @param channel the channel the declaration came through
   * @throws io.ape.api.ProvenanceException if {@code channel} is not trusted (the attempt is
   *     audited)
   * @throws io.ape.api.IntentException if the set is empty or has a malformed id
   * @throws io.ape.api.SessionException if the session is no longer active
   */
  void declareIntent(Set<String> actionIds, Provenance channel);

  /**
   * The guarded call: runs {@code toolId} with {@code arguments} as a one-step plan under the
   * session's intent (see {@link ApeEngine#call}). Never throws for a refusal.
   */
  GuardedCallResult call(String toolId, Map<String, ?> arguments);

  /** Whether the session can still act (not expired, revoked or ended). */
  boolean isActive();

  /** Ends the session (audited {@code SESSION_ENDED}); later calls are refused. */
  @Override
  void close();
}
