package io.ape.core.plan;

/** Told when the plan or its approval changes (to revoke tokens bound to the old plan). */
@FunctionalInterface
public interface PlanChangeListener {
  /**
   * Called after the plan was replaced or lost its approval.
   *
   * @param oldHash the hash of the plan that was replaced or lost its approval
   * @param newHash the hash of the plan now submitted, or {@code null} if none
   * @param wasApproved whether the old plan was approved
   */
  void onPlanChanged(String oldHash, String newHash, boolean wasApproved);
}
