package com.copilotz.tasks.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a task stands: {@link #ACTIVE}, {@link #PENDING}, {@link #FAILED}, {@link #COMPLETED} or
 * {@link #CANCELLED}.
 *
 * <p>The server stores the status as a free string, so a task may come back with a status this SDK
 * does not know. Such a status is never an error: it is kept as it was sent, {@link #value()}
 * returns it and {@link #isKnown()} returns {@code false}. Compare statuses with {@link
 * #equals(Object)}.
 */
public final class TaskStatus {
  /** The task is in progress. */
  public static final TaskStatus ACTIVE = new TaskStatus("active");

  /** The task waits for a condition or an external action. */
  public static final TaskStatus PENDING = new TaskStatus("pending");

  /** The task met an error and was not completed. */
  public static final TaskStatus FAILED = new TaskStatus("failed");

  /** The task finished successfully. */
  public static final TaskStatus COMPLETED = new TaskStatus("completed");

  /** The task was cancelled. */
  public static final TaskStatus CANCELLED = new TaskStatus("cancelled");

  private static final List<TaskStatus> KNOWN =
      List.of(ACTIVE, PENDING, FAILED, COMPLETED, CANCELLED);

  private final String value;

  private TaskStatus(String value) {
    this.value = value;
  }

  /**
   * Returns the status with this wire value: one of the constants when the value is known, else a
   * status that carries the value as it is.
   *
   * @param value the status as the server writes it, such as {@code "active"}
   * @return the status; never null
   * @throws NullPointerException if {@code value} is null
   */
  @JsonCreator
  public static TaskStatus of(String value) {
    Objects.requireNonNull(value, "value");
    for (TaskStatus known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    return new TaskStatus(value);
  }

  /**
   * Returns the statuses this SDK knows, in the order a task usually meets them.
   *
   * @return an unmodifiable list of the five known statuses
   */
  public static List<TaskStatus> knownValues() {
    return KNOWN;
  }

  /**
   * Returns the status as the server writes it, such as {@code "active"}, including values this SDK
   * does not know.
   *
   * @return the wire value; never null
   */
  @JsonValue
  public String value() {
    return value;
  }

  /**
   * Tells whether this is one of the statuses in {@link #knownValues()}.
   *
   * @return {@code true} for the five documented statuses, {@code false} for any other value
   */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TaskStatus && ((TaskStatus) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns the wire value, as {@link #value()} does. */
  @Override
  public String toString() {
    return value;
  }
}
