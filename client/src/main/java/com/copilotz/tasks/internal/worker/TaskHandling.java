package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.At;
import com.copilotz.tasks.Delivery;
import com.copilotz.tasks.HandledTask;
import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepHandler;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.loop.LoopClient;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The handling of one task by a step worker, on a handler thread: the read that checks it is still
 * at the step, the handler and its retries, the guard read when the handler took long, and the
 * write. A write whose answer was lost is never sent again without a read after it: the client
 * settles it by reading the task (the move is there: done; the task moved elsewhere: {@link
 * StepResult#MOVED}); when the read cannot tell, or tells that the move was not applied, this
 * handling writes again only after a read of its own shows the task still at the step.
 */
final class TaskHandling {
  /** What the handling needs of its worker: its waits and what it holds. */
  interface Worker {
    /** False once the worker is closing: no handler starts then. */
    boolean mayStartHandler();

    /** Whether the worker is closing. */
    boolean closing();

    /**
     * Waits; false when the wait was ended (by close when {@code endsOnClose}, or by the end of the
     * grace period).
     */
    boolean pause(Duration wait, boolean endsOnClose);

    /** Holds the hand-out of the next task for {@code wait}, after a 429. */
    void holdHandingOut(Duration wait);

    /** Stops the worker: an authentication or permission failure. */
    void stop(CopilotzException cause);

    /** Keeps a task the worker left unwritten from being handed out until it changes. */
    void remember(Task task);
  }

  private final WorkerSettings settings;
  private final LoopClient client;
  private final StepHandler.Delivered handler;
  private final @Nullable BiFunction<Task, Exception, StepAction> whenHandlerFails;
  private final At guard;
  private final Intake intake;
  private final WorkerCounts counts;
  private final Worker worker;
  private final RequestOptions writeOptions;

  /** This worker instance's name in its claims (unique per worker object). */
  private final String owner;

  TaskHandling(
      WorkerSettings settings,
      LoopClient client,
      StepHandler.Delivered handler,
      @Nullable BiFunction<Task, Exception, StepAction> whenHandlerFails,
      At guard,
      Intake intake,
      WorkerCounts counts,
      Worker worker,
      String owner) {
    this.settings = settings;
    this.owner = owner;
    this.client = client;
    this.handler = handler;
    this.whenHandlerFails = whenHandlerFails;
    this.guard = guard;
    this.intake = intake;
    this.counts = counts;
    this.worker = worker;
    // The client settles a write whose answer was lost, and sends it again no more: this handling
    // decides about every further write, after a read of its own.
    this.writeOptions = settings.options().toBuilder().maxRetries(0).build();
  }

  /** What one task's handling came to, for the observer. */
  static final class Outcome {
    final long id;
    StepResult result = StepResult.ABANDONED;
    int attempts;
    Duration handlerTime = Duration.ZERO;
    @Nullable Duration lag;

    Outcome(long id) {
      this.id = id;
    }

    HandledTask handled(long stepId) {
      return new HandledTask(id, stepId, result, attempts, handlerTime, Optional.ofNullable(lag));
    }
  }

  /** Reads the task, runs the handler (and its retries), and writes what it decided. */
  StepResult work(BlockingRunner runner, Outcome outcome) {
    long id = outcome.id;
    Task task = read(runner, id);
    if (task == null || !intake.atStep(task)) {
      return StepResult.MOVED;
    }
    Instant readAt = client.clock().instant();
    if (task.getUpdatedAt() != null) {
      Duration lag = Duration.between(task.getUpdatedAt().toInstant(), readAt);
      outcome.lag = lag.isNegative() ? Duration.ZERO : lag;
    }
    Instant previous = null;
    Instant claimExpires = null;
    if (settings.claimTtl() != null) {
      Claim found = Claim.on(task, settings.stepId());
      if (found != null && found.heldByAnotherAt(owner, readAt)) {
        intake.claimedElsewhere(id, found.expiresAt());
        return StepResult.CLAIMED;
      }
      Claim mine = Claim.next(settings.stepId(), owner, readAt, settings.claimTtl(), found);
      task = claim(runner, task, mine);
      if (task == null) {
        return StepResult.MOVED;
      }
      Claim standing = Claim.on(task, settings.stepId());
      if (!mine.sameAs(standing)) {
        if (standing != null) {
          intake.claimedElsewhere(id, standing.expiresAt());
        }
        return StepResult.CLAIMED;
      }
      if (found != null) {
        previous = found.claimedAt();
      }
      claimExpires = mine.expiresAt();
      readAt = client.clock().instant();
    }
    // Handed over now: this worker remembers it, and says when it handed the task out before.
    Instant ownPrevious = intake.delivered(id, readAt);
    if (previous == null) {
      previous = ownPrevious;
    }
    StepAction action;
    while (true) {
      if (!worker.mayStartHandler()) {
        return StepResult.ABANDONED;
      }
      outcome.attempts++;
      Instant began = client.clock().instant();
      Exception thrown = null;
      StepAction decided = null;
      try {
        decided =
            handler.handle(
                task,
                new Delivery(
                    outcome.attempts,
                    Optional.ofNullable(previous),
                    Optional.ofNullable(claimExpires)));
      } catch (Exception e) {
        thrown = e;
      }
      outcome.handlerTime =
          outcome.handlerTime.plus(Duration.between(began, client.clock().instant()));
      if (thrown == null && decided == null) {
        thrown = new IllegalStateException("The StepHandler returned null for task " + id);
      }
      if (thrown == null) {
        action = decided;
        break;
      }
      counts.handlerExceptions.increment();
      if (worker.closing() && (thrown instanceof InterruptedException || Thread.interrupted())) {
        return StepResult.ABANDONED;
      }
      SdkLogger.WORKER.warning(
          "A StepHandler threw on task "
              + id
              + " (attempt "
              + outcome.attempts
              + " of "
              + settings.handling().maxAttempts()
              + ")",
          thrown);
      if (outcome.attempts >= settings.handling().maxAttempts()) {
        action = afterAttempts(task, thrown);
        if (action == null) {
          worker.remember(task);
          return StepResult.ERROR;
        }
        break;
      }
      Duration retryDelay =
          RetryPolicy.jittered(settings.handling().retryDelay(outcome.attempts), 0.25);
      if (!worker.pause(retryDelay, true)) {
        return StepResult.ABANDONED;
      }
      task = read(runner, id);
      if (task == null || !intake.atStep(task)) {
        return StepResult.MOVED;
      }
      readAt = client.clock().instant();
    }
    if (action.kind() == StepAction.Kind.LEAVE) {
      worker.remember(task);
      return StepResult.LEFT;
    }
    boolean fresh =
        Duration.between(readAt, client.clock().instant())
                .compareTo(settings.handling().maxGuardAge())
            <= 0;
    return write(runner, id, fresh ? task : null, action);
  }

  /**
   * Writes this worker's claim on {@code task} (guarded: only while the task is at the step), then
   * reads the task back: the claim that stands is the one written last. The write is sent once (any
   * failure ends the handling and the task is handed out again later); null when the task is gone
   * or moved.
   */
  private @Nullable Task claim(BlockingRunner runner, Task task, Claim mine) {
    BlockingRunner writing = writing(runner);
    UpdateTaskRequest update =
        new UpdateTaskRequest().context(new LinkedHashMap<>(Map.of(Claim.KEY, mine.toContext())));
    try {
      BlockingRunner.join(client.operations().writeAsRead(writing, task, guard, update));
    } catch (TaskMovedException | NotFoundException elsewhere) {
      return null;
    }
    Task back = read(runner, task.getId());
    return back == null || !intake.atStep(back) ? null : back;
  }

  /**
   * The runner of this handling's writes: the same operation as {@code runner}, each write sent
   * once (the client settles a lost answer; this handling decides about any further write).
   */
  private BlockingRunner writing(BlockingRunner runner) {
    return new BlockingRunner(runner.executor(), writeOptions, runner.operation());
  }

  /** What becomes of a task after the handler's last attempt failed; null when nothing can. */
  private @Nullable StepAction afterAttempts(Task task, Exception thrown) {
    if (whenHandlerFails == null) {
      String message = thrown.getMessage();
      return StepAction.fail(
          message == null || message.isBlank() ? thrown.getClass().getName() : message);
    }
    try {
      StepAction action = whenHandlerFails.apply(task, thrown);
      if (action == null) {
        SdkLogger.WORKER.warning(
            "A StepWorker's whenHandlerFails returned null for task "
                + task.getId()
                + "; the task is left as it is");
      }
      return action;
    } catch (RuntimeException e) {
      SdkLogger.WORKER.warning(
          "A StepWorker's whenHandlerFails threw on task "
              + task.getId()
              + "; the task is left as it is",
          e);
      return null;
    }
  }

  /**
   * Writes the action with the guarded move, from {@code asRead} (or a fresh read when it is null),
   * and again after a failure that may pass, each time after a read that shows the task still at
   * the step without the move, until it lands, the task is elsewhere, or the failure does not pass.
   */
  private StepResult write(
      BlockingRunner runner, long id, @Nullable Task asRead, StepAction action) {
    BlockingRunner writing = writing(runner);
    Operations operations = client.operations();
    Task task = asRead;
    UpdateTaskRequest update = null;
    int repeat = 0;
    while (true) {
      try {
        if (task == null) {
          task = read(runner, id);
          if (task == null) {
            return StepResult.MOVED;
          }
          if (update != null && operations.applied(task, update)) {
            // The write whose answer was lost is there after all.
            return resultOf(action.kind());
          }
          if (!intake.atStep(task)) {
            return StepResult.MOVED;
          }
        }
        if (update == null) {
          update = BlockingRunner.join(operations.updateFor(runner, task, action));
          if (settings.claimTtl() != null) {
            update = withClaimRemoved(update);
          }
        }
        BlockingRunner.join(operations.writeAsRead(writing, task, guard, update));
        if (worker.closing()) {
          SdkLogger.WORKER.info(
              "A StepWorker wrote " + action + " on task " + id + " while it was closing");
        }
        return resultOf(action.kind());
      } catch (TaskMovedException | NotFoundException elsewhere) {
        return StepResult.MOVED;
      } catch (CopilotzException failure) {
        if (stopsTheWorker(failure)) {
          worker.stop(failure);
          return StepResult.ERROR;
        }
        RetryPolicy.Decision decision =
            failure instanceof UnconfirmedWriteException
                ? RetryPolicy.Decision.NO_RETRY
                : client.retryPolicy().afterReadFailed(failure, ++repeat);
        boolean mayPass = failure instanceof UnconfirmedWriteException || decision.retries();
        if (!mayPass) {
          SdkLogger.WORKER.warning(
              "A StepWorker could not write "
                  + action
                  + " on task "
                  + id
                  + "; it is left at the step: "
                  + failure.getMessage());
          if (task != null) {
            worker.remember(task);
          }
          return StepResult.ERROR;
        }
        counts.writeRetries.increment();
        Task readBack =
            failure instanceof UnconfirmedWriteException
                ? ((UnconfirmedWriteException) failure).task().orElse(null)
                : null;
        if (readBack != null) {
          // The client read the task after the lost answer, and waited before it: write from that
          // read, when it shows the task still at the step without the move.
          if (operations.applied(readBack, update)) {
            return resultOf(action.kind());
          }
          if (!intake.atStep(readBack)) {
            return StepResult.MOVED;
          }
          task = readBack;
          continue;
        }
        Duration wait = decision.retries() ? decision.waitBefore() : RetryPolicy.backoff(++repeat);
        if (failure instanceof RateLimitException) {
          worker.holdHandingOut(wait);
        }
        SdkLogger.WORKER.warning(
            "A StepWorker's write of "
                + action
                + " on task "
                + id
                + " was not confirmed; the task is read again in "
                + wait.toMillis()
                + " ms before anything is written: "
                + failure.getMessage());
        if (!worker.pause(wait, false)) {
          return StepResult.ABANDONED;
        }
        task = null;
      }
    }
  }

  /** {@code update} that also removes the worker's claim (the key set to null in the context). */
  private static UpdateTaskRequest withClaimRemoved(UpdateTaskRequest update) {
    Map<String, Object> context = new LinkedHashMap<>();
    if (update.getContext() != null) {
      context.putAll(update.getContext());
    }
    context.putAll(Claim.removal());
    return update.context(context);
  }

  private static StepResult resultOf(StepAction.Kind kind) {
    switch (kind) {
      case ADVANCE:
        return StepResult.ADVANCED;
      case COMPLETE:
        return StepResult.COMPLETED;
      case FAIL:
        return StepResult.FAILED;
      case PENDING:
        return StepResult.PENDING;
      default:
        return StepResult.LEFT;
    }
  }

  /** Reads a task; null when it is gone. */
  private @Nullable Task read(BlockingRunner runner, long id) {
    try {
      return runner.call(Operations.GET_TASK, client.operations(), id, null);
    } catch (NotFoundException gone) {
      return null;
    }
  }

  static boolean stopsTheWorker(CopilotzException failure) {
    return failure instanceof AuthenticationException
        || failure instanceof PermissionDeniedException;
  }
}
