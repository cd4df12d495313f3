package com.copilotz.tasks.errors;

import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A wait for a task ({@code awaitTask}, {@code createAndAwait}) ran out of time before the task met
 * its condition. Only the wait ended: the task goes on on the server, and the agent may still move
 * it. {@link #lastTask()} is the task as last read.
 */
public class WaitTimeoutException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /** The task as last read; not serialized. */
  private final transient @Nullable Task lastTask;

  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param message what the wait waited for, how long, and where the task was last seen
   * @param lastTask the task as last read, or null when no read succeeded
   * @param timeout how long the wait lasted
   * @param cause the failure of the last read, when it failed, or null
   */
  public WaitTimeoutException(
      String message, @Nullable Task lastTask, Duration timeout, @Nullable Throwable cause) {
    super(message, cause);
    this.lastTask = lastTask;
    this.timeout = timeout;
  }

  /**
   * Returns the task as last read.
   *
   * @return the task, or empty when no read succeeded
   */
  public Optional<Task> lastTask() {
    return Optional.ofNullable(lastTask);
  }

  /**
   * Returns how long the wait was allowed to last.
   *
   * @return the wait's timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
