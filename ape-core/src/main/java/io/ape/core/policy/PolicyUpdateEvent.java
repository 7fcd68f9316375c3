package io.ape.core.policy;

import io.ape.api.ApeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a {@link PolicyEngine}'s policy.
 *
 * @param kind loaded, reloaded or reload failed
 * @param source the policy's source name (usually its file)
 * @param policyName the name of the policy now in force
 * @param previousVersion the version in force before ({@code ""} for {@link Kind#LOADED})
 * @param version the version in force after (unchanged for {@link Kind#RELOAD_FAILED})
 * @param at when, by the engine's clock
 * @param error for {@link Kind#RELOAD_FAILED}, the error that kept the old policy; else
 *     {@code null}
 */
public record PolicyUpdateEvent(
    Kind kind,
    String source,
    String policyName,
    String previousVersion,
    String version,
    Instant at,
    ApeException error) {

  /** The kinds of policy update. */
  public enum Kind {
    /** The engine was built with this policy. */
    LOADED,
    /** A new policy replaced the old one. */
    RELOADED,
    /** A reload failed; the old policy is still in force. */
    RELOAD_FAILED
  }

  public PolicyUpdateEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(previousVersion, "previousVersion");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(at, "at");
    if ((kind == Kind.RELOAD_FAILED) != (error != null)) {
      throw new IllegalArgumentException("an error is given exactly for RELOAD_FAILED");
    }
  }

  /** The error of a failed reload. */
  public Optional<ApeException> failure() {
    return Optional.ofNullable(error);
  }
}
