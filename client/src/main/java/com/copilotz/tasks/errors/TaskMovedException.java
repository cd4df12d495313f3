package com.copilotz.tasks.errors;

import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A guarded move ({@code advance}, {@code fail} or {@code complete} given where the task should be)
 * found the task elsewhere: at another step, or with another status, than the caller expected, most
 * often because the Copilotz agent or another process moved it meanwhile. Nothing was written. The
 * message names both places; {@link #task()} is the task as read.
 */
public class TaskMovedException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /** The task as read; not serialized. */
  private final transient Task task;

  private final long expectedStep;
  private final @Nullable String expectedStatus;

  /**
   * Creates the exception.
   *
   * @param message where the task was expected and where it is
   * @param task the task as read
   * @param expectedStep the step the caller expected it at
   * @param expectedStatus the status the caller expected, or null when any would do
   */
  public TaskMovedException(
      String message, Task task, long expectedStep, @Nullable TaskStatus expectedStatus) {
    super(message, null);
    this.task = task;
    this.expectedStep = expectedStep;
    this.expectedStatus = expectedStatus == null ? null : expectedStatus.value();
  }

  /**
   * Returns the task as read, where it really is.
   *
   * @return the task
   */
  public Task task() {
    return task;
  }

  /**
   * Returns the step the caller expected the task at.
   *
   * @return the step's id
   */
  public long expectedStep() {
    return expectedStep;
  }

  /**
   * Returns the status the caller expected the task to have.
   *
   * @return the status, or empty when any status would do
   */
  public Optional<TaskStatus> expectedStatus() {
    return Optional.ofNullable(expectedStatus).map(TaskStatus::of);
  }
}
