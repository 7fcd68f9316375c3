package io.ape.spi.state;

/**
 * The state an engine shares with every other engine pointed at the same store. Thread-safe.
 * {@link #approvals()} and {@link #tokens()} are separate ledgers. {@code io.ape:ape-testkit}'s
 * {@code SharedStateContract} checks the contract of every part.
 *
 * @since 0.2.0
 */
public interface SharedState extends AutoCloseable {
  /** Rate-limit windows and risk budgets. */
  LimitLedger limits();

  /** Sessions, with their expiry and revocation. */
  SessionStore sessions();

  /** Revocation epochs of everything, of a tenant, of a session. */
  RevocationRegistry revocations();

  /** Single-use claims of escalation approvals. */
  OnceLedger approvals();

  /** Single-use claims of authority tokens (the consumed-token ledger). */
  OnceLedger tokens();

  /** A short description for logs and errors (e.g. {@code "redis redis://127.0.0.1:6379"}). */
  String describe();

  /** Releases connections. Never throws. */
  @Override
  void close();
}
