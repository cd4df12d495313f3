package com.copilotz.tasks.errors;

import com.copilotz.tasks.model.Task;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A write (a create, an update, a move) whose answer was lost or said it may have been applied (no
 * answer, a timeout, 502, 503, 504, ...) could not be confirmed, and the SDK did not send it again:
 * either the task changed meanwhile (someone else wrote it: sending the write again could undo
 * their work), or the read that would have settled it failed, or no retry was left. The write may
 * or may not have been applied; the message says which task, and how to find out ({@code
 * getTask(id)}, or {@code findByExtId(extId)} for a create).
 *
 * <p>{@link #getCause()} is the write's last failure; {@link #task()} the task as the settling read
 * found it, when that read succeeded.
 */
public class UnconfirmedWriteException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /** The task as read; not serialized. */
  private final transient @Nullable Task task;

  /**
   * Creates the exception.
   *
   * @param message what was written, why it is unconfirmed, and how to find out
   * @param task the task as the settling read found it, or null when there was no such read
   * @param cause the write's last failure
   */
  public UnconfirmedWriteException(String message, @Nullable Task task, Throwable cause) {
    super(message, cause);
    this.task = task;
  }

  /**
   * Returns the task as the read that tried to settle the write found it.
   *
   * @return the task, or empty when that read failed or was not made
   */
  public Optional<Task> task() {
    return Optional.ofNullable(task);
  }
}
