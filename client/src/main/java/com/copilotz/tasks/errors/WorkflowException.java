package com.copilotz.tasks.errors;

import org.jspecify.annotations.Nullable;

/**
 * A workflow helper cannot act on a task as it stands: the task has no {@code currentStep} or no
 * {@code workflow}, its step does not exist, or the workflow's chain of steps loops or points to a
 * step that does not exist. The message says which. Nothing was written.
 */
public class WorkflowException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the task, workflow or step
   * @param cause the failure that revealed it, such as a {@link NotFoundException}, or null
   */
  public WorkflowException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
