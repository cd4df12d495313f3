package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What {@link TasksClient#awaitTask(long, Until)} waits for: the statuses and steps that end the
 * wait with the task, those that end it as a failure ({@link
 * com.copilotz.tasks.errors.WaitFailedException}), how long it may last, and how often the task is
 * read. A status or step that no condition names keeps the wait going. When a task meets a failure
 * condition and a success condition at once, the failure wins. Immutable and thread-safe: each
 * method returns a new {@code Until}.
 *
 * <pre>{@code
 * Until done = Until.completed().timeout(Duration.ofMinutes(10));
 * Until confirmed = Until.step(confirmStep).failOnStep(errorStep).failOnStatus(TaskStatus.CANCELLED);
 * }</pre>
 *
 * <p>The task is read every {@linkplain #pollInterval(Duration) poll interval} (less up to a fifth
 * at random, so that many waits do not read in step); while the task does not change, the interval
 * grows by half at each read, up to the {@linkplain #maxPollInterval(Duration) longest interval},
 * and it starts again from the poll interval when the task changes. A read that fails in a way that
 * may pass (a 429, a 5xx, no answer) is not the end of the wait: the next read comes after the
 * server's {@code Retry-After}, or a backoff, when that is longer than the interval. The
 * {@linkplain #timeout(Duration) timeout} bounds the whole wait, reads and waits included.
 */
public final class Until {
  /** How long a wait lasts at most when no timeout is set: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** The interval between reads when none is set: 1 second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The longest interval between reads when none is set: 15 seconds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(15);

  private final Set<TaskStatus> statuses;
  private final Set<Long> steps;
  private final Set<TaskStatus> failureStatuses;
  private final Set<Long> failureSteps;
  private final Duration timeout;
  private final Duration pollInterval;
  private final Duration maxPollInterval;

  private Until(
      Set<TaskStatus> statuses,
      Set<Long> steps,
      Set<TaskStatus> failureStatuses,
      Set<Long> failureSteps,
      Duration timeout,
      Duration pollInterval,
      Duration maxPollInterval) {
    this.statuses = statuses;
    this.steps = steps;
    this.failureStatuses = failureStatuses;
    this.failureSteps = failureSteps;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.maxPollInterval = maxPollInterval;
  }

  private static final Until NOTHING =
      new Until(
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          DEFAULT_TIMEOUT,
          DEFAULT_POLL_INTERVAL,
          DEFAULT_MAX_POLL_INTERVAL);

  /**
   * Waits until the task has one of these statuses.
   *
   * @param status a status that ends the wait
   * @param more other statuses that end it
   * @return the condition
   * @throws NullPointerException if a status is null
   */
  public static Until status(TaskStatus status, TaskStatus... more) {
    return NOTHING.orStatus(status, more);
  }

  /**
   * Waits until the task is at one of these steps.
   *
   * @param stepId a step that ends the wait
   * @param more other steps that end it
   * @return the condition
   * @throws IllegalArgumentException if a step id is not positive
   */
  public static Until step(long stepId, long... more) {
    return NOTHING.orStep(stepId, more);
  }

  /**
   * Waits until the task is completed, and fails the wait when it is failed or cancelled: {@code
   * Until.status(COMPLETED).failOnStatus(FAILED, CANCELLED)}.
   *
   * @return the condition
   */
  public static Until completed() {
    return status(TaskStatus.COMPLETED).failOnStatus(TaskStatus.FAILED, TaskStatus.CANCELLED);
  }

  /**
   * Waits until the task has one of {@code statuses} or is at one of {@code steps}, and fails the
   * wait when it is failed or cancelled instead (a status {@code statuses} names ends the wait with
   * the task rather than failing it); with neither, {@link #completed()}. For a condition put
   * together at run time, from a command line or a tool's arguments.
   *
   * <pre>{@code
   * Until until = Until.reaching(List.of(TaskStatus.PENDING), List.of(confirmStep));
   * }</pre>
   *
   * @param statuses statuses that end the wait
   * @param steps steps that end the wait
   * @return the condition
   * @throws NullPointerException if a collection, or a status or step in it, is null
   * @throws IllegalArgumentException if a step id is not positive
   */
  public static Until reaching(Collection<TaskStatus> statuses, Collection<Long> steps) {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(steps, "steps");
    if (statuses.isEmpty() && steps.isEmpty()) {
      return completed();
    }
    Until until = NOTHING;
    for (TaskStatus status : statuses) {
      until = until.orStatus(Objects.requireNonNull(status, "status"));
    }
    for (Long step : steps) {
      until = until.orStep(Objects.requireNonNull(step, "step"));
    }
    for (TaskStatus failure : new TaskStatus[] {TaskStatus.FAILED, TaskStatus.CANCELLED}) {
      if (!until.statuses.contains(failure)) {
        until = until.failOnStatus(failure);
      }
    }
    return until;
  }

  /**
   * Also ends the wait, with the task, at these statuses.
   *
   * @param status a status that ends the wait
   * @param more other statuses that end it
   * @return a new condition
   * @throws NullPointerException if a status is null
   * @throws IllegalArgumentException if a status already fails the wait
   */
  public Until orStatus(TaskStatus status, TaskStatus... more) {
    Set<TaskStatus> added = statuses(status, more, "status");
    disjoint(added, failureStatuses, "status", "fails the wait");
    return new Until(
        union(statuses, added),
        steps,
        failureStatuses,
        failureSteps,
        timeout,
        pollInterval,
        maxPollInterval);
  }

  /**
   * Also ends the wait, with the task, at these steps.
   *
   * @param stepId a step that ends the wait
   * @param more other steps that end it
   * @return a new condition
   * @throws IllegalArgumentException if a step id is not positive, or the step already fails the
   *     wait
   */
  public Until orStep(long stepId, long... more) {
    Set<Long> added = steps(stepId, more, "stepId");
    disjoint(added, failureSteps, "stepId", "fails the wait");
    return new Until(
        statuses,
        union(steps, added),
        failureStatuses,
        failureSteps,
        timeout,
        pollInterval,
        maxPollInterval);
  }

  /**
   * Ends the wait as a failure ({@link com.copilotz.tasks.errors.WaitFailedException}) when the
   * task reaches one of these statuses.
   *
   * @param status a status that fails the wait
   * @param more other statuses that fail it
   * @return a new condition
   * @throws NullPointerException if a status is null
   * @throws IllegalArgumentException if a status already ends the wait with the task
   */
  public Until failOnStatus(TaskStatus status, TaskStatus... more) {
    Set<TaskStatus> added = statuses(status, more, "status");
    disjoint(added, statuses, "status", "ends the wait with the task");
    return new Until(
        statuses,
        steps,
        union(failureStatuses, added),
        failureSteps,
        timeout,
        pollInterval,
        maxPollInterval);
  }

  /**
   * Ends the wait as a failure ({@link com.copilotz.tasks.errors.WaitFailedException}) when the
   * task reaches one of these steps, such as the workflow's error-handling step.
   *
   * @param stepId a step that fails the wait
   * @param more other steps that fail it
   * @return a new condition
   * @throws IllegalArgumentException if a step id is not positive, or the step already ends the
   *     wait with the task
   */
  public Until failOnStep(long stepId, long... more) {
    Set<Long> added = steps(stepId, more, "stepId");
    disjoint(added, steps, "stepId", "ends the wait with the task");
    return new Until(
        statuses,
        steps,
        failureStatuses,
        union(failureSteps, added),
        timeout,
        pollInterval,
        maxPollInterval);
  }

  /**
   * Sets how long the wait may last, reads and the waits between them included; 5 minutes by
   * default. When it is over, the wait throws {@link
   * com.copilotz.tasks.errors.WaitTimeoutException}.
   *
   * @param timeout the longest wait
   * @return a new condition
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public Until timeout(Duration timeout) {
    return new Until(
        statuses,
        steps,
        failureStatuses,
        failureSteps,
        Checks.requirePositive(timeout, "timeout"),
        pollInterval,
        maxPollInterval);
  }

  /**
   * Sets the interval between reads, the first and each one after the task changed; 1 second by
   * default.
   *
   * @param pollInterval the interval
   * @return a new condition
   * @throws NullPointerException if {@code pollInterval} is null
   * @throws IllegalArgumentException if {@code pollInterval} is not positive
   */
  public Until pollInterval(Duration pollInterval) {
    Checks.requirePositive(pollInterval, "pollInterval");
    return new Until(
        statuses,
        steps,
        failureStatuses,
        failureSteps,
        timeout,
        pollInterval,
        pollInterval.compareTo(maxPollInterval) > 0 ? pollInterval : maxPollInterval);
  }

  /**
   * Sets the longest interval between reads, which the interval grows to while the task does not
   * change; 15 seconds by default.
   *
   * @param maxPollInterval the longest interval
   * @return a new condition
   * @throws NullPointerException if {@code maxPollInterval} is null
   * @throws IllegalArgumentException if {@code maxPollInterval} is not positive, or shorter than
   *     the poll interval
   */
  public Until maxPollInterval(Duration maxPollInterval) {
    Checks.requirePositive(maxPollInterval, "maxPollInterval");
    if (maxPollInterval.compareTo(pollInterval) < 0) {
      throw new IllegalArgumentException(
          "maxPollInterval "
              + maxPollInterval
              + " must not be shorter than the pollInterval "
              + pollInterval);
    }
    return new Until(
        statuses, steps, failureStatuses, failureSteps, timeout, pollInterval, maxPollInterval);
  }

  /**
   * Returns the statuses that end the wait with the task.
   *
   * @return an unmodifiable set, maybe empty
   */
  public Set<TaskStatus> statuses() {
    return statuses;
  }

  /**
   * Returns the steps that end the wait with the task.
   *
   * @return an unmodifiable set of step ids, maybe empty
   */
  public Set<Long> steps() {
    return steps;
  }

  /**
   * Returns the statuses that end the wait as a failure.
   *
   * @return an unmodifiable set, maybe empty
   */
  public Set<TaskStatus> failureStatuses() {
    return failureStatuses;
  }

  /**
   * Returns the steps that end the wait as a failure.
   *
   * @return an unmodifiable set of step ids, maybe empty
   */
  public Set<Long> failureSteps() {
    return failureSteps;
  }

  /**
   * Returns how long the wait may last.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the interval between reads, the first and each one after the task changed.
   *
   * @return the interval
   */
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Returns the longest interval between reads.
   *
   * @return the longest interval
   */
  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  /** Describes what ends the wait, as the wait's exceptions say it. */
  @Override
  public String toString() {
    StringJoiner conditions = new StringJoiner(", or ");
    describe(conditions, statuses, steps);
    String wanted = conditions.length() == 0 ? "nothing (no condition)" : conditions.toString();
    StringJoiner failures = new StringJoiner(", or ");
    describe(failures, failureStatuses, failureSteps);
    return failures.length() == 0 ? wanted : wanted + "; fails on " + failures;
  }

  private static void describe(StringJoiner out, Set<TaskStatus> statuses, Set<Long> steps) {
    if (!statuses.isEmpty()) {
      StringJoiner names = new StringJoiner(" or ", "status ", "");
      statuses.forEach(status -> names.add(status.value()));
      out.add(names.toString());
    }
    if (!steps.isEmpty()) {
      StringJoiner ids = new StringJoiner(" or ", "step ", "");
      steps.forEach(step -> ids.add(String.valueOf(step)));
      out.add(ids.toString());
    }
  }

  private static Set<TaskStatus> statuses(TaskStatus status, TaskStatus[] more, String name) {
    Set<TaskStatus> set = new LinkedHashSet<>();
    set.add(Objects.requireNonNull(status, name));
    Objects.requireNonNull(more, "more");
    for (TaskStatus other : more) {
      set.add(Objects.requireNonNull(other, name));
    }
    return set;
  }

  private static Set<Long> steps(long stepId, long[] more, String name) {
    Set<Long> set = new LinkedHashSet<>();
    set.add(Checks.requirePositive(stepId, name));
    Objects.requireNonNull(more, "more");
    for (long other : more) {
      set.add(Checks.requirePositive(other, name));
    }
    return set;
  }

  private static <T> void disjoint(Set<T> added, Set<T> others, String name, String already) {
    for (T value : added) {
      if (others.contains(value)) {
        throw new IllegalArgumentException(
            name + " " + describeValue(value) + " already " + already);
      }
    }
  }

  private static String describeValue(Object value) {
    return value instanceof TaskStatus ? ((TaskStatus) value).value() : String.valueOf(value);
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> union = new LinkedHashSet<>(a);
    union.addAll(b);
    return Collections.unmodifiableSet(union);
  }
}
