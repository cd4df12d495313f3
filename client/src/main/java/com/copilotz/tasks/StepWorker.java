package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.internal.worker.Worker;
import com.copilotz.tasks.internal.worker.WorkerSettings;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A worker that owns one step of a workflow: it finds the tasks waiting at the step (by default
 * those with status {@code active}), hands each to a {@link StepHandler}, and writes what the
 * handler decided ({@link StepAction}) with a guarded move, so that a task the agent moved
 * meanwhile is not moved back. Built with {@link TasksClient#stepWorker(long)}, started with {@link
 * #start()}, stopped with {@link #close()}.
 *
 * <pre>{@code
 * StepWorker worker = client.stepWorker(emailStepId)
 *     .concurrency(8)
 *     .start(task -> {
 *       // The mailer deduplicates on the key: a task handed out again sends no second email.
 *       mailer.sendConfirmation("task-" + task.getId() + "-step-" + task.getCurrentStep());
 *       return StepAction.advance(Map.of("emailSent", true));
 *     });
 * }</pre>
 *
 * <p><b>Polling.</b> The server has no queue and no events: the worker lists the step's tasks (one
 * {@code GET /rest/tasks?currentStep=..&status=..}, which answers every match at once), keeps up to
 * {@value #BACKLOG_PER_SLOT} ids per handler slot of that listing, in an order of its own (so that
 * instances sharing the step do not run in lockstep), and hands them out one by one as slots free
 * up; it lists again while two ids per slot still wait, so that no slot waits for a listing. While
 * a listing finds nothing, the wait before the next one doubles from {@link Builder#pollInterval}
 * up to {@link Builder#maxPollInterval}, with jitter; a failed listing waits the server's {@code
 * Retry-After} (a 429) or a backoff, and a 429 on a task's read or write holds the handing out of
 * the next task as long.
 *
 * <p><b>Checked at start.</b> {@link #start()} reads the step (and the workflow, when {@link
 * Builder#workflow} names it) and fails when the step is wrong, before any thread starts.
 *
 * <p><b>Each task.</b> The task is read again before the handler runs, and handed over only if it
 * is still at the step with a status the worker handles. The handler's move is then written from
 * that read, checked again: when the handler ran longer than {@link Builder#maxGuardAge} (1 second
 * by default), the task is read once more before the write, and a task found elsewhere is left
 * where it is ({@link StepResult#MOVED}). A quick handler costs one read and one write per task. A
 * write whose answer was lost is settled by a read, never sent again without one: a task the agent
 * moved meanwhile is never moved back.
 *
 * <p><b>Delivery is at least once.</b> The server has no lease and no conditional write: a process
 * that stops between the work and the write leaves the task at the step, and it is handed out
 * again, to this worker after a restart or to another instance. Handlers must be idempotent (see
 * {@link StepHandler}); a {@link StepHandler.Delivered} is told when a task was handed out before,
 * and {@link Builder#claims} extends that to other instances, a crashed one included. Within one
 * worker a task is never handed to two handlers at once; several instances that each take a {@link
 * Builder#partition(int, int)} never race for one task.
 *
 * <p><b>Failures.</b> A handler that throws is logged with its stack trace and run again after a
 * delay that doubles from 1 second to 1 minute ({@link Builder#retryDelay}), up to {@link
 * Builder#maxAttempts} (8 by default, each after a fresh read: about two minutes), then the task is
 * failed with the exception's message as the reason, or handed to {@link Builder#whenHandlerFails}.
 * A write that fails in a way that may pass (a 429, a 5xx, no answer) is decided again after a
 * read, until it lands or the task moves; the handler never runs again for it meanwhile. An
 * authentication or permission failure stops the worker: it is logged, told to {@link
 * Builder#onStopped}, and kept in {@link #stats()}.
 *
 * <p><b>Observed.</b> Each listing is an operation {@code pollTasks} and each task one operation
 * {@code handleTask} (its read and write are its attempts) that the client's {@link TasksObserver}
 * sees, with {@link TasksObserver.Operation#taskHandled} telling the result, the handler's time and
 * the lag from the task's {@code updatedAt}; {@link #stats()} counts the same. Thread-safe.
 */
public final class StepWorker implements AutoCloseable {
  /** The wait after a listing that found nothing, when none is set: 1 second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The longest wait between listings while none finds anything, when none is set: 10 seconds. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(10);

  /**
   * How many times the handler runs for a task before the task is failed: 8, over about two minutes
   * with the default retry delays, so that a passing outage of what the handler calls does not fail
   * customers' tasks for good.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** The wait before the handler's second attempt on a task: 1 second; it doubles at each. */
  public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(1);

  /** The longest wait between two attempts of the handler on a task: 1 minute. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofMinutes(1);

  /** The age after which a write is guarded by a read of its own: 1 second. */
  public static final Duration DEFAULT_MAX_GUARD_AGE = Duration.ofSeconds(1);

  /** How long {@link #close()} lets running handlers finish, when none is set: 30 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** How many listed ids the worker keeps per handler slot. */
  public static final int BACKLOG_PER_SLOT = 128;

  private final Worker worker;
  private final long stepId;

  /** The JVM shutdown hook that drains the worker, or null when it has none. */
  private final @Nullable Thread drainOnShutdown;

  private StepWorker(Builder builder, StepHandler.Delivered handler) {
    this.stepId = builder.stepId;
    WorkerSettings settings =
        new WorkerSettings(
            builder.stepId,
            builder.workflowId,
            Set.copyOf(builder.statuses),
            new WorkerSettings.Capacity(
                builder.concurrency, builder.concurrency * BACKLOG_PER_SLOT),
            new WorkerSettings.Share(builder.partitionIndex, builder.partitionCount),
            new WorkerSettings.Listing(
                builder.pollInterval,
                builder.maxPollInterval.compareTo(builder.pollInterval) < 0
                    ? builder.pollInterval
                    : builder.maxPollInterval),
            new WorkerSettings.Handling(
                builder.maxAttempts,
                builder.firstRetryDelay,
                builder.maxRetryDelay.compareTo(builder.firstRetryDelay) < 0
                    ? builder.firstRetryDelay
                    : builder.maxRetryDelay,
                builder.maxGuardAge),
            builder.claimTtl,
            builder.shutdownGrace,
            builder.options);
    this.worker =
        new Worker(
            settings,
            builder.core.loopClient(),
            handler,
            builder.whenHandlerFails,
            builder.onStopped,
            builder.handOutOrder);
    this.drainOnShutdown =
        builder.drainOnShutdown
            ? new Thread(this::drainAtShutdown, "copilotz-worker-step-" + stepId + "-drain")
            : null;
  }

  /** Closes the worker as the JVM shuts down, and says so. */
  private void drainAtShutdown() {
    SdkLogger.WORKER.info(
        "The JVM is shutting down: the StepWorker of step "
            + stepId
            + " drains (no task is handed out; running handlers finish and write)");
    worker.close(null);
  }

  /**
   * Starts the worker: it reads its step (through the client's cache) and, when the builder named a
   * workflow, that workflow, and fails here when the step is wrong; then its first listing begins
   * at once, on a daemon thread of its own (the worker does not keep the JVM alive). A worker
   * starts once.
   *
   * @return this worker
   * @throws IllegalStateException if it was started before, or closed, or its client is closed
   * @throws IllegalArgumentException if the server has no such step (the message names {@code
   *     stepId}), or the step is not one of the named workflow's
   * @throws com.copilotz.tasks.errors.CopilotzException if the step could not be read
   */
  public StepWorker start() {
    worker.start();
    if (drainOnShutdown != null) {
      try {
        Runtime.getRuntime().addShutdownHook(drainOnShutdown);
      } catch (IllegalStateException shuttingDown) {
        worker.close(Duration.ZERO);
        throw new IllegalStateException("The JVM is shutting down: the StepWorker was not started");
      }
    }
    return this;
  }

  /**
   * Returns what the worker has done and how it fares.
   *
   * @return its counts now
   */
  public WorkerStats stats() {
    return worker.stats();
  }

  /**
   * Returns the step the worker owns.
   *
   * @return the step's {@code _id}
   */
  public long stepId() {
    return stepId;
  }

  /**
   * Stops the worker, with the grace period it was built with ({@link Builder#shutdownGrace}): see
   * {@link #close(Duration)}.
   */
  @Override
  public void close() {
    forgetShutdownHook();
    worker.close(null);
  }

  /** Removes the drain at shutdown: a closed worker needs none (and a closed one is not kept). */
  private void forgetShutdownHook() {
    if (drainOnShutdown != null && Thread.currentThread() != drainOnShutdown) {
      try {
        Runtime.getRuntime().removeShutdownHook(drainOnShutdown);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs, or has run: it closes the worker too, which is harmless.
      }
    }
  }

  /**
   * Stops the worker: polling stops at once (a wait between listings ends, a listing in flight is
   * abandoned), no handler starts after this is called (a task waiting for a retry of its handler
   * is abandoned), and the handlers running are given up to {@code grace} to finish and have their
   * moves written; those still running then are interrupted, and their tasks stay at the step to be
   * handed out again. Once this returns no handler starts. Closing twice does nothing; it never
   * ends the JVM.
   *
   * @param grace how long running handlers may take to finish
   * @throws NullPointerException if {@code grace} is null
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public void close(Duration grace) {
    Checks.requireNonNegative(grace, "grace");
    forgetShutdownHook();
    worker.close(grace);
  }

  /**
   * Waits until the worker has stopped (closed, or stopped by a failure) and its threads have
   * ended, for at most {@code timeout}.
   *
   * @param timeout the longest wait
   * @return true when it has stopped
   * @throws NullPointerException if {@code timeout} is null
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return worker.awaitStop(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Describes the worker by its step and whether it runs. */
  @Override
  public String toString() {
    return "StepWorker[step " + stepId + ", running=" + worker.stats().running() + "]";
  }

  /** Sets up a step worker; {@link #build} or {@link #start} makes it. Not thread-safe. */
  public static final class Builder {
    private final ClientCore core;
    private final long stepId;
    private int concurrency = 1;
    private Set<TaskStatus> statuses = Set.of(TaskStatus.ACTIVE);
    private int partitionIndex;
    private int partitionCount = 1;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration firstRetryDelay = DEFAULT_FIRST_RETRY_DELAY;
    private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
    private long workflowId;
    private @Nullable Duration claimTtl;
    private boolean drainOnShutdown;
    private Duration maxGuardAge = DEFAULT_MAX_GUARD_AGE;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private @Nullable BiFunction<Task, Exception, StepAction> whenHandlerFails;
    private Consumer<CopilotzException> onStopped = cause -> {};
    private RequestOptions options = RequestOptions.NONE;

    /** The order of each listing's ids: a shuffle of the worker's own; null keeps their order. */
    private @Nullable Random handOutOrder = new Random();

    Builder(ClientCore core, long stepId) {
      this.core = core;
      this.stepId = Checks.requirePositive(stepId, "stepId");
    }

    /**
     * Sets how many tasks are handled at once, each on a thread of the worker's; 1 by default.
     *
     * @param concurrency from 1 to 256
     * @return this builder
     * @throws IllegalArgumentException if {@code concurrency} is out of range
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 256) {
        throw new IllegalArgumentException("concurrency must be from 1 to 256, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the statuses of the tasks at the step that the worker handles; {@code active} only by
     * default. With {@code pending} among them, a handler that returns {@link StepAction#pending()}
     * has the task handed out again at once.
     *
     * @param status a status
     * @param more more statuses
     * @return this builder
     * @throws NullPointerException if a status is null
     */
    public Builder statuses(TaskStatus status, TaskStatus... more) {
      Set<TaskStatus> all = new LinkedHashSet<>();
      all.add(Objects.requireNonNull(status, "status"));
      for (TaskStatus another : Objects.requireNonNull(more, "more")) {
        all.add(Objects.requireNonNull(another, "a status of more"));
      }
      this.statuses = Collections.unmodifiableSet(all);
      return this;
    }

    /**
     * Makes this worker own one share of the step's tasks: those whose {@code _id} modulo {@code
     * count} is {@code index}. Run {@code count} instances with the indexes 0 to {@code count - 1}
     * (for example from a StatefulSet's ordinal) and no two of them ever take the same task,
     * without any support from the server. All by default.
     *
     * @param index this instance's share, from 0 to {@code count - 1}
     * @param count how many shares there are, from 1
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is not positive or {@code index} is out of
     *     range
     */
    public Builder partition(int index, int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be positive, was " + count);
      }
      if (index < 0 || index >= count) {
        throw new IllegalArgumentException(
            "index must be from 0 to " + (count - 1) + ", was " + index);
      }
      this.partitionIndex = index;
      this.partitionCount = count;
      return this;
    }

    /**
     * Sets the wait after a listing that found nothing to hand out; it doubles while listings find
     * nothing, up to {@link #maxPollInterval}. {@link #DEFAULT_POLL_INTERVAL} by default.
     *
     * @param interval the wait
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Checks.requirePositive(interval, "interval");
      return this;
    }

    /**
     * Sets the longest wait between listings while none finds anything; {@link
     * #DEFAULT_MAX_POLL_INTERVAL} by default (the poll interval when that is longer).
     *
     * @param interval the longest wait
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Builder maxPollInterval(Duration interval) {
      this.maxPollInterval = Checks.requirePositive(interval, "interval");
      return this;
    }

    /**
     * Sets how many times the handler runs for a task that it fails on (throws), with a backoff and
     * a fresh read before each retry; {@link #DEFAULT_MAX_ATTEMPTS} by default, 1 for no retry.
     *
     * @param maxAttempts from 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is not positive
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the waits between the handler's attempts on a task: {@code first} before the second
     * attempt, doubling at each, up to {@code max}; each less up to a quarter at random. {@link
     * #DEFAULT_FIRST_RETRY_DELAY} and {@link #DEFAULT_MAX_RETRY_DELAY} by default. The task keeps
     * its handler slot while it waits.
     *
     * @param first the wait before the second attempt
     * @param max the longest wait
     * @return this builder
     * @throws NullPointerException if {@code first} or {@code max} is null
     * @throws IllegalArgumentException if {@code first} or {@code max} is not positive
     */
    public Builder retryDelay(Duration first, Duration max) {
      this.firstRetryDelay = Checks.requirePositive(first, "first");
      this.maxRetryDelay = Checks.requirePositive(max, "max");
      return this;
    }

    /**
     * Names the workflow the step belongs to: {@link StepWorker#start()} checks that the step is
     * one of its steps, and the worker lists only that workflow's tasks. Unset by default (the step
     * alone is checked).
     *
     * @param workflowId the workflow's {@code _id}
     * @return this builder
     * @throws IllegalArgumentException if {@code workflowId} is not positive
     */
    public Builder workflow(long workflowId) {
      this.workflowId = Checks.requirePositive(workflowId, "workflowId");
      return this;
    }

    /**
     * Claims each task before its handler runs, so that instances sharing the step without
     * partitions rarely handle a task twice, and a handler learns of a delivery a crash cut short
     * ({@link Delivery#redelivered()}). Off by default.
     *
     * <p>Before the handler runs, the worker writes a claim into the task's context (under {@code
     * copilotzClaim}: its step, this instance, when, until when), reads the task back, and hands it
     * over only if its own claim stands; the move removes the claim (sets it to null). Other
     * instances skip a task whose claim stands; a claim left by a crashed instance stands until
     * {@code ttl} has passed, then the task is handed out again with {@link
     * Delivery#previousDelivery()} saying when it was claimed.
     *
     * <p>What it guarantees: the server has no conditional write, so two instances whose claims
     * cross (each read the task before the other's claim was written, and each read its own claim
     * back before the other's landed) both hand the task over: rarely, not never. A claim stands
     * only for {@code ttl}: a handler that runs longer can be overtaken. Expiry is judged on each
     * instance's clock. What it costs: one more write and one more read per task.
     *
     * @param ttl how long a claim stands; longer than the handler's longest run, with its retries
     * @return this builder
     * @throws NullPointerException if {@code ttl} is null
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    public Builder claims(Duration ttl) {
      this.claimTtl = Checks.requirePositive(ttl, "ttl");
      return this;
    }

    /**
     * Registers a JVM shutdown hook when the worker starts that drains it: at Ctrl-C or a SIGTERM
     * no further task is handed out, the handlers running finish and have their moves written
     * within {@link #shutdownGrace}, and the worker logs what it did. Closing the worker removes
     * the hook. Off by default: an application that manages the worker's life (Spring, a
     * container's lifecycle) closes it itself, and a library's hooks pile up in tests and
     * application servers.
     *
     * @param drain whether to drain the worker at JVM shutdown
     * @return this builder
     */
    public Builder drainOnShutdown(boolean drain) {
      this.drainOnShutdown = drain;
      return this;
    }

    /**
     * Decides what becomes of a task whose handler failed on every attempt, instead of failing the
     * task with the exception's message: return {@link StepAction#fail(String)} with a reason of
     * yours, {@link StepAction#leave()} to leave it for a person, or any other action. What the
     * callback throws is logged, and the task is left ({@link StepResult#ERROR}).
     *
     * @param callback given the task as last read and the handler's last exception
     * @return this builder
     * @throws NullPointerException if {@code callback} is null
     */
    public Builder whenHandlerFails(BiFunction<Task, Exception, StepAction> callback) {
      this.whenHandlerFails = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /**
     * Sets how old the read that guards a write may be: when the handler ran longer, the task is
     * read again just before its move is written, and left where it is if it was moved meanwhile.
     * {@link #DEFAULT_MAX_GUARD_AGE} by default; {@link Duration#ZERO} reads before every write.
     *
     * @param age the longest age
     * @return this builder
     * @throws NullPointerException if {@code age} is null
     * @throws IllegalArgumentException if {@code age} is negative
     */
    public Builder maxGuardAge(Duration age) {
      this.maxGuardAge = Checks.requireNonNegative(age, "age");
      return this;
    }

    /**
     * Sets how long {@link StepWorker#close()} lets running handlers finish; {@link
     * #DEFAULT_SHUTDOWN_GRACE} by default.
     *
     * @param grace the grace period
     * @return this builder
     * @throws NullPointerException if {@code grace} is null
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = Checks.requireNonNegative(grace, "grace");
      return this;
    }

    /**
     * Tells {@code listener} when the worker stops on its own: the server refused its credentials
     * ({@link com.copilotz.tasks.errors.AuthenticationException}) or its calls ({@link
     * com.copilotz.tasks.errors.PermissionDeniedException}), or the client was closed. Logged at
     * WARNING too. Not called when the worker is closed.
     *
     * @param listener told why the worker stopped
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder onStopped(Consumer<CopilotzException> listener) {
      this.onStopped = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the options of the worker's calls (its listings, reads and writes).
     *
     * @param options the options
     * @return this builder
     * @throws NullPointerException if {@code options} is null
     */
    public Builder options(RequestOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the worker, not started: {@link StepWorker#start()} starts it (a Spring Boot
     * application's starter does so when the application is ready).
     *
     * @param handler the work of the step
     * @return the worker
     * @throws NullPointerException if {@code handler} is null
     * @throws IllegalStateException if the client is closed
     */
    public StepWorker build(StepHandler handler) {
      Objects.requireNonNull(handler, "handler");
      return build((task, delivery) -> handler.handle(task));
    }

    /**
     * Builds the worker, not started, with a handler that is told how each task came to it.
     *
     * @param handler the work of the step
     * @return the worker
     * @throws NullPointerException if {@code handler} is null
     * @throws IllegalStateException if the client is closed
     */
    public StepWorker build(StepHandler.Delivered handler) {
      Objects.requireNonNull(handler, "handler");
      core.ensureOpen(options);
      return new StepWorker(this, handler);
    }

    /**
     * Builds the worker and starts it: same as {@code build(handler).start()}.
     *
     * @param handler the work of the step
     * @return the running worker; close it to stop it
     * @throws NullPointerException if {@code handler} is null
     * @throws IllegalStateException if the client is closed
     * @throws IllegalArgumentException if the server has no such step, or it is not the named
     *     workflow's
     * @throws com.copilotz.tasks.errors.CopilotzException if the step could not be read
     */
    public StepWorker start(StepHandler handler) {
      return build(handler).start();
    }

    /**
     * Builds the worker and starts it, with a handler that is told how each task came to it: same
     * as {@code build(handler).start()}.
     *
     * @param handler the work of the step
     * @return the running worker; close it to stop it
     * @throws NullPointerException if {@code handler} is null
     * @throws IllegalStateException if the client is closed
     * @throws IllegalArgumentException if the server has no such step, or it is not the named
     *     workflow's
     * @throws com.copilotz.tasks.errors.CopilotzException if the step could not be read
     */
    public StepWorker start(StepHandler.Delivered handler) {
      return build(handler).start();
    }

    /**
     * Sets the order in which each listing's ids are handed out: shuffled with {@code order}, or in
     * the listing's order when null. For tests, which need one order.
     */
    Builder handOutOrder(@Nullable Random order) {
      this.handOutOrder = order;
      return this;
    }

    /** Describes the settings, for logs. */
    @Override
    public String toString() {
      return "StepWorker.Builder[step "
          + stepId
          + ", concurrency="
          + concurrency
          + ", statuses="
          + Arrays.toString(statuses.stream().map(TaskStatus::value).toArray())
          + (partitionCount > 1 ? ", partition " + partitionIndex + " of " + partitionCount : "")
          + "]";
    }
  }
}
