package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a loop that lists tasks on its own schedule fares: a {@link TaskWatch}'s ({@link
 * TaskWatch#health()}) and a {@link StepWorker}'s ({@link WorkerStats#listing()}), said the same
 * way.
 *
 * @param running whether it still lists: false before it starts, once closed or stopped
 * @param listings how many listings it made (failed ones too)
 * @param consecutiveFailures how many listings failed in a row since the last that did not
 * @param lastListing when its last successful listing ended, or empty before the first
 * @param lastFailure the failure of the last listing when it failed, or what stopped the loop
 */
public record ListingHealth(
    boolean running,
    long listings,
    int consecutiveFailures,
    Optional<Instant> lastListing,
    Optional<CopilotzException> lastFailure) {
  /**
   * Describes how a loop fares.
   *
   * @param running whether it still lists
   * @param listings how many listings it made
   * @param consecutiveFailures how many failed in a row
   * @param lastListing when its last successful listing ended
   * @param lastFailure the last failure, or what stopped it
   * @throws NullPointerException if {@code lastListing} or {@code lastFailure} is null
   */
  public ListingHealth {
    Objects.requireNonNull(lastListing, "lastListing");
    Objects.requireNonNull(lastFailure, "lastFailure");
  }
}
