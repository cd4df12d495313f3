package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TaskWatch} fares: its listings, as a step worker's are said ({@link ListingHealth}),
 * and how many tasks it watches.
 *
 * @param listing how its listings fare
 * @param watchedTasks how many tasks its last listing held
 */
public record WatchHealth(ListingHealth listing, int watchedTasks) {
  /**
   * Describes how a watch fares.
   *
   * @param listing how its listings fare
   * @param watchedTasks how many tasks it watches
   * @throws NullPointerException if {@code listing} is null
   */
  public WatchHealth {
    Objects.requireNonNull(listing, "listing");
  }

  /**
   * Whether the watch still lists: false once closed or stopped.
   *
   * @return {@code listing().running()}
   */
  public boolean running() {
    return listing.running();
  }

  /**
   * When its last successful listing ended.
   *
   * @return {@code listing().lastListing()}
   */
  public Optional<Instant> lastListing() {
    return listing.lastListing();
  }

  /**
   * How many listings failed in a row since the last that did not.
   *
   * @return {@code listing().consecutiveFailures()}
   */
  public int consecutiveFailures() {
    return listing.consecutiveFailures();
  }

  /**
   * The failure of the last listing when it failed, or what stopped the watch.
   *
   * @return {@code listing().lastFailure()}
   */
  public Optional<CopilotzException> lastFailure() {
    return listing.lastFailure();
  }
}
