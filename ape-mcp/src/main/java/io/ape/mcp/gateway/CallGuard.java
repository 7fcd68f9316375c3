package io.ape.mcp.gateway;

import io.ape.api.GuardedCallResult;
import io.ape.api.ProposedCall;
import io.ape.core.audit.AuditLog;
import io.ape.core.policy.PolicyEngine;

/**
 * The one seam between the MCP gateway and APE's guarded call: every {@code tools/call},
 * {@code resources/read} and {@code prompts/get} the gateway forwards goes through
 * {@link #call(ProposedCall)}, and nowhere else. The upstream server is reached only by the
 * {@link GuardedTool#tool() tool} registered for the call's tool id, which the implementation runs
 * through its enforcement gate after the policy allowed the call and a single-use token was
 * issued for exactly its arguments.
 *
 * <p>Shaped after the engine facade ({@code io.ape.engine.ApeEngine}): {@link #register} is
 * {@code registerTool(ToolRegistration)}, {@link #openSession} is {@code openSession(SessionOptions)},
 * {@link #call} is {@code engine.call(ProposedCall)}, {@link #reloadPolicy} is
 * {@code reloadPolicy()}; {@link #policyEngine()} and {@link #audit()} are the engine's parts.
 * Until the engine lands, {@link OrchestratorCallGuard} implements it with the orchestrator's
 * policy, token and gate machinery.
 *
 * <p>Contract: {@link #call} never throws for a refusal, a tool failure or an internal error: it
 * returns a {@link GuardedCallResult} (the gateway turns a refusal into an {@code isError} result
 * with {@link GuardedCallResult#modelMessage()}); the tool's result is recorded as untrusted in
 * the session's provenance; everything is audited in {@link #audit()}. Implementations are
 * thread-safe: calls in different sessions run concurrently.
 *
 * @since 0.2.0
 */
public interface CallGuard extends AutoCloseable {
  /** The policy engine in force (the gateway lists only what its policy can allow). */
  PolicyEngine policyEngine();

  /** The audit log every guarded call records to; the gateway records its own events here. */
  AuditLog audit();

  /**
   * Whether refusals are only recorded: the tool runs anyway and every record is marked
   * ({@code --mode observe}).
   */
  boolean observeOnly();

  /**
   * Makes a tool callable through {@link #call}. Each tool id is registered once.
   *
   * @throws io.ape.api.ApeConfigurationException if the id is taken or malformed
   */
  void register(GuardedTool tool);

  /** Opens a session (one client connection). */
  Session openSession(SessionRequest request);

  /**
   * Runs one proposed call as a guarded call: policy, escalation, limits, token, gate, audit.
   * The call's session id must be one {@link #openSession} returned.
   */
  GuardedCallResult call(ProposedCall call);

  /**
   * Re-reads the policy file: the new policy is parsed, validated and compiled before it
   * replaces the old one; on any error the old policy stays in force and the typed error is
   * thrown.
   *
   * @throws io.ape.api.ApeException if the new policy is unusable
   */
  void reloadPolicy();

  /** Ends every session and releases the guard's resources; idempotent. */
  @Override
  void close();

  /** One session of a guard. */
  interface Session extends AutoCloseable {
    /** The session id (a bearer value: never log it in full). */
    String id();

    /** The tenant it belongs to. */
    String tenantId();

    /** Whether calls can still be made in it. */
    boolean isActive();

    /** Ends the session (audited); idempotent. */
    @Override
    void close();
  }
}
