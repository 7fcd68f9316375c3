package io.ape.core.session;

/**
 * Notified when sessions start and end, e.g. to audit {@code SESSION_STARTED} and
 * {@code SESSION_ENDED}. Called on the thread that caused the change, after the change, at
 * most once per session and event. A listener that throws is logged and does not undo the
 * change (an ended session stays ended) nor stop the other listeners.
 */
public interface SessionListener {
  /** A session was created. */
  default void sessionStarted(Session session) {}

  /** A session was ended, revoked or found expired, and removed from its manager. */
  default void sessionEnded(Session session, SessionEndReason reason) {}
}
