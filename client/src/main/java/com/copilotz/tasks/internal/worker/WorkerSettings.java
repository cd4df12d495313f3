package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A step worker's settings, as its builder checked them, in named groups.
 *
 * @param stepId the step it owns
 * @param workflowId the workflow the step must belong to, or 0 when the user named none
 * @param statuses the statuses it handles
 * @param capacity how much it takes on at once
 * @param share which tasks of the step are its own
 * @param listing how often it lists
 * @param handling how it handles a task
 * @param claimTtl how long a claim on a task lasts, or null when the worker claims none
 * @param shutdownGrace how long close lets handlers finish
 * @param options the options of its calls
 */
public record WorkerSettings(
    long stepId,
    long workflowId,
    Set<TaskStatus> statuses,
    Capacity capacity,
    Share share,
    Listing listing,
    Handling handling,
    @Nullable Duration claimTtl,
    Duration shutdownGrace,
    RequestOptions options) {

  /**
   * How much a worker takes on at once.
   *
   * @param concurrency how many tasks it handles at once
   * @param backlog how many listed ids it keeps
   */
  public record Capacity(int concurrency, int backlog) {}

  /**
   * Which tasks of the step are a worker's own: those whose {@code _id} modulo {@code count} is
   * {@code index}.
   *
   * @param index its share
   * @param count how many shares there are
   */
  public record Share(int index, int count) {
    /** Whether the task with this id is in this share. */
    boolean owns(long id) {
      return Math.floorMod(id, count) == index;
    }
  }

  /**
   * How often a worker lists.
   *
   * @param interval the wait after a listing that found nothing
   * @param maxInterval the longest wait between listings
   */
  public record Listing(Duration interval, Duration maxInterval) {}

  /**
   * How a worker handles a task.
   *
   * @param maxAttempts how many times the handler runs for a task
   * @param firstRetryDelay the wait before the handler's second attempt; it doubles at each
   * @param maxRetryDelay the longest wait between two attempts
   * @param maxGuardAge how old the read guarding a write may be
   */
  public record Handling(
      int maxAttempts, Duration firstRetryDelay, Duration maxRetryDelay, Duration maxGuardAge) {
    /** The wait after the handler's attempt {@code attempt} failed. */
    Duration retryDelay(int attempt) {
      long doubled = firstRetryDelay.toNanos() << Math.min(attempt - 1, 30);
      return doubled <= 0 || doubled >= maxRetryDelay.toNanos()
          ? maxRetryDelay
          : Duration.ofNanos(doubled);
    }
  }
}
