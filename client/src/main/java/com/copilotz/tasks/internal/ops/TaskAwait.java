package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskFailure;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.WaitFailedException;
import com.copilotz.tasks.errors.WaitTimeoutException;
import com.copilotz.tasks.internal.http.PollInterval;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for a task to meet an {@link Until}, by reading it again and again, for both facades: the
 * blocking one reads and waits on the calling thread, the asynchronous one schedules each wait, so
 * no thread is parked. One deadline bounds the whole wait. Each read is one attempt (its failure is
 * weighed here, by {@link RetryPolicy#afterReadFailed}, so that a 429 or a 5xx makes the wait read
 * later rather than fail), its timeout no longer than what is left; the waits between reads follow
 * a {@link PollInterval} and never go past the deadline.
 */
public final class TaskAwait {
  /** How much the interval grows at each read that finds the task unchanged. */
  static final double GROWTH = 1.5;

  private final Requests requests;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Duration callTimeout;

  /**
   * The waits of one client.
   *
   * @param requests builds the reads
   * @param retryPolicy weighs a failed read
   * @param clock the clock the deadline is kept by
   * @param callTimeout the client's timeout of a call, which a read's timeout may not exceed, or
   *     null when runner have none
   */
  public TaskAwait(Requests requests, RetryPolicy retryPolicy, Clock clock, Duration callTimeout) {
    this.requests = requests;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.callTimeout = callTimeout;
  }

  /**
   * Reads task {@code id} until it meets {@code until}, fails it, or the time is over.
   *
   * @param runner the operation's runner
   * @param id the task's id
   * @param until what to wait for
   * @return the task as read when it met the condition
   */
  public CompletableFuture<Task> await(CallRunner runner, long id, Until until) {
    Checks.requirePositive(id, "id");
    Objects.requireNonNull(until, "until");
    return new Loop(runner, id, until).start();
  }

  /** Whether {@code task} meets a condition of {@code until} that ends the wait with it. */
  static boolean met(Until until, Task task) {
    return (task.getStatus() != null && until.statuses().contains(task.getStatus()))
        || (task.getCurrentStep() != null && until.steps().contains(task.getCurrentStep()));
  }

  /** Whether {@code task} meets a condition of {@code until} that ends the wait as a failure. */
  static boolean failed(Until until, Task task) {
    return (task.getStatus() != null && until.failureStatuses().contains(task.getStatus()))
        || (task.getCurrentStep() != null && until.failureSteps().contains(task.getCurrentStep()));
  }

  /** Whether a read found the task other than the read before. */
  static boolean changed(Task before, Task now) {
    if (before == null) {
      return true;
    }
    OffsetDateTime was = before.getUpdatedAt();
    OffsetDateTime is = now.getUpdatedAt();
    return !Objects.equals(before.getStatus(), now.getStatus())
        || !Objects.equals(before.getCurrentStep(), now.getCurrentStep())
        || !Objects.equals(
            was == null ? null : was.toInstant(), is == null ? null : is.toInstant());
  }

  /** What the wait says when it fails on a task's status or step. */
  static String failedMessage(Task task, Until until) {
    return "Task "
        + task.getId()
        + " reached "
        + WorkflowMoves.place(task)
        + ", which ends the wait as a failure (waited for "
        + until
        + ")"
        + TaskFailure.of(task).map(failure -> "; recorded: " + failure).orElse("");
  }

  /** What the wait says when its time is over. */
  static String timeoutMessage(long id, Task last, Until until) {
    String seen =
        last == null
            ? "no read of it succeeded"
            : "it was last read at " + WorkflowMoves.place(last);
    return "Task "
        + id
        + " did not reach what the wait waited for ("
        + until
        + ") within "
        + until.timeout()
        + "; "
        + seen
        + ". The task still runs on the server: only the wait ended";
  }

  /** One wait, from its first read to its end. */
  private final class Loop {
    private final CallRunner runner;
    private final long id;
    private final Until until;
    private final Instant deadline;
    private final CompletableFuture<Task> result = new CompletableFuture<>();
    private Task last;
    private final PollInterval interval;
    private int failures;
    private CopilotzException lastFailure;

    Loop(CallRunner runner, long id, Until until) {
      this.runner = runner;
      this.id = id;
      this.until = until;
      this.deadline = clock.instant().plus(until.timeout());
      this.interval = new PollInterval(until.pollInterval(), until.maxPollInterval(), GROWTH);
    }

    CompletableFuture<Task> start() {
      run();
      return result;
    }

    /**
     * Reads and waits, in a loop while each step completes at once (the blocking runner), so that
     * no number of reads can overflow the stack; an asynchronous step resumes the loop when it
     * completes.
     */
    private void run() {
      while (!result.isDone()) {
        CompletableFuture<Void> step;
        try {
          step = step();
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
          return;
        }
        if (!step.isDone() || step.isCompletedExceptionally()) {
          step.whenComplete((done, failure) -> resume(failure));
          return;
        }
      }
    }

    private void resume(Throwable failure) {
      if (failure != null) {
        result.completeExceptionally(CallRunner.unwrap(failure));
      } else {
        run();
      }
    }

    /** One read, and the wait after it when the wait goes on. */
    private CompletableFuture<Void> step() {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isZero() || left.isNegative()) {
        result.completeExceptionally(
            new WaitTimeoutException(
                timeoutMessage(id, last, until), last, until.timeout(), lastFailure));
        return CompletableFuture.completedFuture(null);
      }
      return runner
          .make(requests.getTask(id, runner, readOptions(left)))
          .handle(this::afterRead)
          .thenCompose(this::waitBeforeNextRead);
    }

    /** The options of a read: one attempt, no longer than what is left of the wait. */
    private RequestOptions readOptions(Duration left) {
      RequestOptions options = runner.options();
      Duration timeout = options.timeout().orElse(callTimeout);
      RequestOptions.Builder read = options.toBuilder().maxRetries(0);
      if (timeout == null || left.compareTo(timeout) < 0) {
        read.timeout(left);
      }
      return read.build();
    }

    /** What follows a read: the wait before the next one, or null when the wait is over. */
    private Duration afterRead(Task task, Throwable failure) {
      if (failure != null) {
        return afterFailedRead(CallRunner.unwrap(failure));
      }
      if (failed(until, task)) {
        result.completeExceptionally(new WaitFailedException(failedMessage(task, until), task));
        return null;
      }
      if (met(until, task)) {
        result.complete(task);
        return null;
      }
      Duration wait = interval.next(changed(last, task));
      last = task;
      failures = 0;
      lastFailure = null;
      return wait;
    }

    private Duration afterFailedRead(Throwable cause) {
      if (!(cause instanceof CopilotzException) || Thread.currentThread().isInterrupted()) {
        result.completeExceptionally(cause);
        return null;
      }
      RetryPolicy.Decision decision =
          retryPolicy.afterReadFailed((CopilotzException) cause, ++failures);
      if (!decision.retries()) {
        result.completeExceptionally(cause);
        return null;
      }
      lastFailure = (CopilotzException) cause;
      Duration wait = interval.again();
      return decision.waitBefore().compareTo(wait) > 0 ? decision.waitBefore() : wait;
    }

    private CompletableFuture<Void> waitBeforeNextRead(Duration wait) {
      if (wait == null) {
        return CompletableFuture.completedFuture(null);
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative()) {
        left = Duration.ZERO;
      }
      return runner.waitFor(wait.compareTo(left) > 0 ? left : wait);
    }
  }
}
