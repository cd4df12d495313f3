package com.copilotz.tasks;

import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TaskWatch} saw change in a task between two listings. A watch compares listings,
 * not writes: two moves between listings arrive as one {@link Moved} from the first step to the
 * last, and a change undone before the next listing is not seen at all. One listing may bring
 * several events for one task, in this order: {@link Moved}, {@link StatusChanged}, {@link
 * ContextChanged}; {@link Gone} events come after the listing's other events.
 */
public sealed interface TaskEvent
    permits TaskEvent.Appeared,
        TaskEvent.Moved,
        TaskEvent.StatusChanged,
        TaskEvent.ContextChanged,
        TaskEvent.Gone {
  /**
   * Returns the id of the task the event is about.
   *
   * @return the task's {@code _id}
   */
  long taskId();

  /**
   * A task the watch had not seen: created since the last listing, moved into the query's scope,
   * or, on the first listing of a watch that reports existing tasks, any task.
   *
   * @param task the task as listed
   */
  record Appeared(Task task) implements TaskEvent {
    /**
     * Creates the event.
     *
     * @param task the task as listed
     * @throws NullPointerException if {@code task} is null
     */
    public Appeared {
      Objects.requireNonNull(task, "task");
    }

    @Override
    public long taskId() {
      return task.getId();
    }
  }

  /**
   * A task is at another step than at the last listing.
   *
   * @param task the task as listed
   * @param fromStep the step it was at, or null when it had none
   * @param toStep the step it is at, or null when it has none
   */
  record Moved(Task task, @Nullable Long fromStep, @Nullable Long toStep) implements TaskEvent {
    /**
     * Creates the event.
     *
     * @param task the task as listed
     * @param fromStep the step it was at, or null
     * @param toStep the step it is at, or null
     * @throws NullPointerException if {@code task} is null
     */
    public Moved {
      Objects.requireNonNull(task, "task");
    }

    @Override
    public long taskId() {
      return task.getId();
    }
  }

  /**
   * A task has another status than at the last listing.
   *
   * @param task the task as listed
   * @param from the status it had, or null when it had none
   * @param to the status it has, or null when it has none
   */
  record StatusChanged(Task task, @Nullable TaskStatus from, @Nullable TaskStatus to)
      implements TaskEvent {
    /**
     * Creates the event.
     *
     * @param task the task as listed
     * @param from the status it had, or null
     * @param to the status it has, or null
     * @throws NullPointerException if {@code task} is null
     */
    public StatusChanged {
      Objects.requireNonNull(task, "task");
    }

    /**
     * What the task's context records about why it failed, when it did (see {@link TaskFailure}):
     * the agent's error at the step it failed, or the reason {@code fail} was given.
     *
     * @return the failure recorded, or empty when the context records none
     */
    public Optional<TaskFailure> failure() {
      return TaskFailure.of(task);
    }

    @Override
    public long taskId() {
      return task.getId();
    }
  }

  /**
   * Top-level keys of a task's context have other values than at the last listing (or appeared or
   * went away).
   *
   * @param task the task as listed
   * @param keys the top-level keys whose values changed, in alphabetical order
   */
  record ContextChanged(Task task, Set<String> keys) implements TaskEvent {
    /**
     * Creates the event.
     *
     * @param task the task as listed
     * @param keys the keys that changed
     * @throws NullPointerException if {@code task} or {@code keys} is null
     */
    public ContextChanged {
      Objects.requireNonNull(task, "task");
      keys = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(keys, "keys")));
    }

    @Override
    public long taskId() {
      return task.getId();
    }
  }

  /**
   * A task the last listing had is not in this one: deleted, or moved out of the query's scope
   * (another status or step, when the query filters on them).
   *
   * @param taskId the task's {@code _id}
   */
  record Gone(long taskId) implements TaskEvent {}
}
