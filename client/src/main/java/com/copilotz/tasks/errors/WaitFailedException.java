package com.copilotz.tasks.errors;

import com.copilotz.tasks.TaskFailure;
import com.copilotz.tasks.model.Task;
import java.util.Optional;

/**
 * A wait for a task ({@code awaitTask}, {@code createAndAwait}) ended because the task reached a
 * status or step the wait's condition names as a failure, such as {@code failed} or a workflow's
 * error-handling step. {@link #task()} is the task as read then, and {@link #failure()} what the
 * agent (or whoever failed it) recorded about why, which the message says too.
 */
public class WaitFailedException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /** The task as read; not serialized. */
  private final transient Task task;

  /**
   * Creates the exception.
   *
   * @param message which task reached what, and the condition it failed
   * @param task the task as read
   */
  public WaitFailedException(String message, Task task) {
    super(message, null);
    this.task = task;
  }

  /**
   * Returns the task as read when the wait failed.
   *
   * @return the task
   */
  public Task task() {
    return task;
  }

  /**
   * Returns what the task's context records about why it failed (see {@link TaskFailure}).
   *
   * @return the failure recorded, or empty when the context records none
   */
  public Optional<TaskFailure> failure() {
    return TaskFailure.of(task);
  }
}
