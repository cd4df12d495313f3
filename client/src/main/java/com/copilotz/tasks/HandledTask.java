package com.copilotz.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One task a {@link StepWorker} is done with, as an observer is told of it ({@link
 * TasksObserver.Operation#taskHandled}).
 *
 * @param taskId the task's {@code _id}
 * @param stepId the worker's step
 * @param result what became of it
 * @param attempts how many times the handler ran (0 when it did not)
 * @param handlerTime how long the handler ran, over all its attempts
 * @param lag from the task's {@code updatedAt} (when it arrived at the step, or last changed) to
 *     the read before the handler; empty when the task had no {@code updatedAt}
 */
public record HandledTask(
    long taskId,
    long stepId,
    StepResult result,
    int attempts,
    Duration handlerTime,
    Optional<Duration> lag) {
  /**
   * Describes a handled task.
   *
   * @param taskId the task's id
   * @param stepId the worker's step
   * @param result what became of it
   * @param attempts how many times the handler ran
   * @param handlerTime how long the handler ran
   * @param lag from the task's {@code updatedAt} to its handling
   * @throws NullPointerException if {@code result}, {@code handlerTime} or {@code lag} is null
   */
  public HandledTask {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(handlerTime, "handlerTime");
    Objects.requireNonNull(lag, "lag");
  }
}
