package com.copilotz.tasks.internal.loop;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.model.Task;
import java.time.Duration;

/**
 * What a {@link ListingLoop} hands its listings to: a watch, or a step worker's intake. Called on
 * the loop's thread alone.
 */
public interface ListingConsumer {
  /**
   * Blocks until a listing is wanted now (a step worker: when its hand-out runs low); false to end
   * the loop. The default wants one at once.
   *
   * @return false to end the loop
   * @throws InterruptedException if the loop's thread is interrupted (the loop closes)
   */
  default boolean awaitDemand() throws InterruptedException {
    return true;
  }

  /** A listing begins. */
  void listingBegins();

  /**
   * One task of the listing, as it arrives.
   *
   * @param task the task
   * @throws ListingLoop.Stopped to end the listing and the loop (the consumer closed)
   */
  void take(Task task);

  /**
   * The listing ended whole.
   *
   * @return the wait before the next one ({@link Duration#ZERO} for none)
   */
  Duration listingEnded();

  /**
   * A listing failed: counted and logged by the loop, which waits before the next one. Does nothing
   * by default.
   *
   * @param failure why it failed
   */
  default void listingFailed(CopilotzException failure) {}

  /**
   * The loop stopped on its own: an authentication or permission failure. Does nothing by default.
   *
   * @param cause why it stopped
   */
  default void stopped(CopilotzException cause) {}

  /**
   * The loop's thread ends, for whatever reason (closed, stopped, its client closed). Does nothing
   * by default.
   */
  default void loopEnded() {}
}
