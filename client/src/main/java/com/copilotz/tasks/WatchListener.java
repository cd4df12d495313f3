package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;

/**
 * What a {@link TaskWatch} tells: each change it sees, each listing that failed, and its stop. Its
 * methods are called one at a time, in order, on the watch's thread or its listener executor.
 */
@FunctionalInterface
public interface WatchListener {
  /**
   * Called for each change a listing found, in the order the listing returned the tasks.
   *
   * @param event the change
   */
  void onEvent(TaskEvent event);

  /**
   * Called when a listing failed; the watch tries again after a backoff (or the server's {@code
   * Retry-After}). Does nothing by default.
   *
   * @param failure why it failed
   */
  default void onListingFailed(CopilotzException failure) {}

  /**
   * Called once when the watch stops on its own: an authentication or permission failure, or its
   * client closed. Not called on {@link TaskWatch#close()}. Does nothing by default.
   *
   * @param cause why it stopped
   */
  default void onStopped(CopilotzException cause) {}
}
