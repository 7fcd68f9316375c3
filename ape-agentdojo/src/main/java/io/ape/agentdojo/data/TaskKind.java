package io.ape.agentdojo.data;

/**
 * User task (the user's request, scored by utility) or injection task (the attacker's goal,
 * scored by security).
 *
 * @since 0.2.0
 */
public enum TaskKind {
  USER,
  INJECTION
}
