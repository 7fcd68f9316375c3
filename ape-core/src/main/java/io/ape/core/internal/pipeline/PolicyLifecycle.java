package io.ape.core.internal.pipeline;

import io.ape.api.AuditException;
import io.ape.core.audit.AuditLog;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.internal.run.PolicyGeneration;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.policy.PolicyUpdateEvent;
import io.ape.spi.AuthorityIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an engine does when its policy changes, however it was changed ({@code reloadPolicy()},
 * the policy engine's own {@code reload}, or a tool registration that recompiles it): the
 * policy generation advances (it follows the policy engine), the redaction of the audit log
 * follows the new policy, the change is audited ({@code POLICY_RELOADED} with the generation
 * and the cause, or {@code POLICY_RELOAD_FAILED} with the old policy kept), and every
 * outstanding token of the issuer is revoked ({@code TOKEN_REVOKED}, scope {@code all}).
 */
final class PolicyLifecycle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyLifecycle.class);
  private final AuditLog log;
  private final PolicyEngine engine;
  private final AuthorityIssuer issuer;
  private final PolicyGeneration generation;
  private final ThreadLocal<String> cause = new ThreadLocal<>();
  private final io.ape.core.policy.PolicyUpdateListener listener = this::onUpdate;

  private PolicyLifecycle(PolicyEngine engine, AuditLog log, AuthorityIssuer issuer,
      PolicyGeneration generation) {
    this.engine = engine;
    this.log = log;
    this.issuer = issuer;
    this.generation = generation;
  }

  /** Listens to {@code engine}'s updates (after {@code generation} started following it). */
  static PolicyLifecycle attach(PolicyEngine engine, AuditLog log, AuthorityIssuer issuer,
      PolicyGeneration generation) {
    PolicyLifecycle l = new PolicyLifecycle(engine, log, issuer, generation);
    engine.addUpdateListener(l.listener);
    return l;
  }

  /** Stops listening. */
  @Override
  public void close() {
    engine.removeUpdateListener(listener);
  }

  /** Runs {@code recompile} with its reload audited as caused by a tool registration. */
  void recompiling(Runnable recompile) {
    cause.set("action_registered");
    try {
      recompile.run();
    } finally {
      cause.remove();
    }
  }

  private void onUpdate(PolicyUpdateEvent event) {
    switch (event.kind()) {
      case RELOADED:
        log.updateRedaction(engine.policy().audit());
        String why = cause.get();
        int revoked;
        try {
          revoked = issuer.revokeMatching(b -> true);
        } catch (RuntimeException e) {
          LOG.warn("revoking the outstanding tokens after a policy reload failed (they are "
              + "refused anyway: the policy generation advanced): {}", e.toString());
          revoked = -1;
        }
        try {
          AuditEvents.policyReloaded(log, event.version(), event.previousVersion(),
              event.source(), generation.current(), why == null ? "reload" : why);
          if (revoked > 0) {
            AuditEvents.tokensRevoked(log, Where.ENGINE, "all", revoked,
                "policy reloaded: every outstanding token is revoked", event.version());
          }
        } catch (AuditException e) {
          LOG.error("the policy reload could not be audited: {}", e.getMessage());
          throw e;
        }
        break;
      case RELOAD_FAILED:
        AuditEvents.policyReloadFailed(log, event.version(), event.source(),
            event.failure().map(Throwable::getMessage).orElse(""));
        break;
      default:
        break;
    }
  }
}
