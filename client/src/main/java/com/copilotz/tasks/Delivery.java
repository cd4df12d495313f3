package com.copilotz.tasks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task came to a {@link StepHandler.Delivered}: which attempt of the handler this is, and
 * whether the task was handed out at this step before, so that the handler can tell a first
 * delivery from one after a crash.
 *
 * <p>A worker knows the deliveries it made itself. With {@link StepWorker.Builder#claims} it also
 * knows those of any instance, even one that crashed: each delivery leaves a claim in the task's
 * context, which the move removes, so a claim found on a task at the step is an earlier delivery
 * whose move was never written; its work may be done.
 *
 * @param attempt the handler's attempt on this delivery, from 1
 * @param previousDelivery when the task was last handed out at this step before this delivery, by
 *     this worker or (with claims) by any instance; empty when no earlier delivery is known
 * @param claimExpiresAt when this delivery's claim expires, with claims; empty without
 */
public record Delivery(
    int attempt, Optional<Instant> previousDelivery, Optional<Instant> claimExpiresAt) {
  /**
   * Describes a delivery.
   *
   * @param attempt the handler's attempt, from 1
   * @param previousDelivery when the task was handed out before, if known
   * @param claimExpiresAt when this delivery's claim expires, with claims
   * @throws NullPointerException if {@code previousDelivery} or {@code claimExpiresAt} is null
   * @throws IllegalArgumentException if {@code attempt} is not positive
   */
  public Delivery {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be positive, was " + attempt);
    }
    Objects.requireNonNull(previousDelivery, "previousDelivery");
    Objects.requireNonNull(claimExpiresAt, "claimExpiresAt");
  }

  /**
   * Whether an earlier delivery may have done the work already: the task was handed out at this
   * step before (see {@link #previousDelivery()}), and its move was never written.
   *
   * @return true when an earlier delivery is known
   */
  public boolean redelivered() {
    return previousDelivery.isPresent();
  }
}
