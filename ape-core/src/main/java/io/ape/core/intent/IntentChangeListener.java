package io.ape.core.intent;

/** Told when the intent in force changes (to revoke what was bound to the old one). */
@FunctionalInterface
public interface IntentChangeListener {
  /**
   * Called after the intent changed.
   *
   * @param oldVersion the previous version, or {@code null} if there was none
   * @param newVersion the new version, or {@code null} if the intent was cleared
   */
  void onIntentChanged(String oldVersion, String newVersion);
}
