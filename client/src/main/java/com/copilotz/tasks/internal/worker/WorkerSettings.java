package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.Set;

/**
 * A step worker's settings, as its builder checked them.
 *
 * @param stepId the step it owns
 * @param statuses the statuses it handles
 * @param concurrency how many tasks it handles at once
 * @param partitionIndex its share of the tasks
 * @param partitionCount how many shares there are
 * @param pollInterval the wait after a listing that found nothing
 * @param maxPollInterval the longest wait between listings
 * @param maxAttempts how many times the handler runs for a task
 * @param maxGuardAge how old the read guarding a write may be
 * @param shutdownGrace how long close lets handlers finish
 * @param backlogCapacity how many listed ids it keeps
 */
public record WorkerSettings(
    long stepId,
    Set<TaskStatus> statuses,
    int concurrency,
    int partitionIndex,
    int partitionCount,
    Duration pollInterval,
    Duration maxPollInterval,
    int maxAttempts,
    Duration maxGuardAge,
    Duration shutdownGrace,
    int backlogCapacity) {

  /** Whether the task with this id is in this worker's share. */
  boolean owns(long id) {
    return Math.floorMod(id, partitionCount) == partitionIndex;
  }
}
