package io.ape.api;

/**
 * What provenance a rule demands of the parameters of the action it allows.
 *
 * <p>{@link #DEFAULT} means: {@link #TRUSTED} for HIGH and CRITICAL actions, {@link #ANY}
 * otherwise (the risk level comes from the action repository of the runtime).
 *
 * @since 0.1.0
 */
public enum ProvenanceRequirement {
  /** Decided by the action's risk level. */
  DEFAULT,
  /** Parameters may come from anywhere. Written {@code provenance: any}. */
  ANY,
  /** Parameters must be USER_TRUSTED or SYSTEM_TRUSTED. Written {@code provenance: trusted}. */
  TRUSTED
}
