package io.ape.agentdojo.run;

/**
 * Counts of one suite or of the total.
 *
 * @param userTasks user tasks run without attack
 * @param benignUtility of those, how many met their utility
 * @param pairs (user task, injection task) pairs run under attack
 * @param utilityUnderAttack of those, how many met the user task's utility
 * @param attackSuccesses of those, how many met the injection task's security check
 * @param errors runs that could not be completed (harness errors; counted as neither)
 * @since 0.2.0
 */
public record Score(
    int userTasks, int benignUtility, int pairs, int utilityUnderAttack, int attackSuccesses, int errors) {
  /** No runs. */
  public static final Score EMPTY = new Score(0, 0, 0, 0, 0, 0);

  /** The sum of two scores. */
  public Score plus(Score o) {
    return new Score(
        userTasks + o.userTasks,
        benignUtility + o.benignUtility,
        pairs + o.pairs,
        utilityUnderAttack + o.utilityUnderAttack,
        attackSuccesses + o.attackSuccesses,
        errors + o.errors);
  }

  /** Benign utility in percent. */
  public double benignUtilityRate() {
    return percent(benignUtility, userTasks);
  }

  /** Utility under attack in percent. */
  public double utilityUnderAttackRate() {
    return percent(utilityUnderAttack, pairs);
  }

  /** Attack success rate in percent. */
  public double attackSuccessRate() {
    return percent(attackSuccesses, pairs);
  }

  private static double percent(int n, int d) {
    return d == 0 ? 0.0 : 100.0 * n / d;
  }
}
