package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the caller believes a task is, for the guarded moves ({@link TasksClient#advance(long,
 * At)}, {@link TasksClient#fail(long, At, String)}, {@link TasksClient#complete(long, At)}): a
 * step, and optionally a status. A guarded move reads the task first and writes nothing when the
 * task is elsewhere, throwing {@link com.copilotz.tasks.errors.TaskMovedException}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * client.advance(taskId, At.step(2).withStatus(TaskStatus.ACTIVE));
 * }</pre>
 */
public final class At {
  private final long stepId;
  private final TaskStatus status;

  private At(long stepId, TaskStatus status) {
    this.stepId = stepId;
    this.status = status;
  }

  /**
   * The task is at this step, with any status.
   *
   * @param stepId the step's {@code _id}
   * @return the expectation
   * @throws IllegalArgumentException if {@code stepId} is not positive
   */
  public static At step(long stepId) {
    return new At(Checks.requirePositive(stepId, "stepId"), null);
  }

  /**
   * The task is at this step with this status too.
   *
   * @param status the status the task has
   * @return a new expectation
   * @throws NullPointerException if {@code status} is null
   */
  public At withStatus(TaskStatus status) {
    return new At(stepId, Objects.requireNonNull(status, "status"));
  }

  /**
   * Returns the step the task is expected at.
   *
   * @return the step's id
   */
  public long stepId() {
    return stepId;
  }

  /**
   * Returns the status the task is expected to have.
   *
   * @return the status, or empty when any status will do
   */
  public Optional<TaskStatus> status() {
    return Optional.ofNullable(status);
  }

  /** Describes the expectation: {@code step 3} or {@code step 3 (active)}. */
  @Override
  public String toString() {
    return "step " + stepId + (status == null ? "" : " (" + status.value() + ")");
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof At
        && ((At) other).stepId == stepId
        && Objects.equals(((At) other).status, status);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(stepId) * 31 + Objects.hashCode(status);
  }
}
