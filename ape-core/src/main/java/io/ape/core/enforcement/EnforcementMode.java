package io.ape.core.enforcement;

/** How the enforcement gate acts on its verdict. */
public enum EnforcementMode {
  /** Refuse anything not authorised (the default). */
  ENFORCE,
  /** Decide and audit as ENFORCE, but run the tool anyway; every audit record is marked. */
  OBSERVE,
  /** Check nothing; only with an explicit builder flag, logged as a warning. */
  DISABLED
}
