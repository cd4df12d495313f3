package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.At;
import com.copilotz.tasks.ListingHealth;
import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepHandler;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.WorkerStats;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.loop.ListingLoop;
import com.copilotz.tasks.internal.loop.LoopClient;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A step worker's lifecycle: its threads (the listing loop's, the hand-out's, and one per slot of
 * its concurrency), its slots, its start, and its close with a grace period; and its stats. The
 * hand-out thread takes a free slot, then the next id from the {@link Intake}, and hands it to a
 * handler thread, which runs the {@link TaskHandling} of that task and frees the slot.
 */
public final class Worker implements TaskHandling.Worker {
  private static final AtomicInteger WORKERS = new AtomicInteger();
  private static final SecureRandom OWNERS = new SecureRandom();

  private final WorkerSettings settings;
  private final LoopClient client;
  private final Consumer<CopilotzException> onStopped;
  private final String name;

  /** This worker's name in its claims: its thread names' prefix, the process, and a random part. */
  private final String owner;

  private final Intake intake;
  private final ListingLoop listing;
  private final TaskHandling handling;
  private final WorkerCounts counts = new WorkerCounts();
  private final Semaphore slots;

  /** The threads in a wait that close() ends: the hand-out's, and handler retries'. */
  private final Set<Thread> pausing = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private final CountDownLatch handOutEnded = new CountDownLatch(1);
  private @Nullable ThreadPoolExecutor handlers;
  private @Nullable Thread handOut;
  private boolean started;
  private boolean closeCalled;
  private volatile boolean closing;
  private volatile @Nullable CopilotzException stoppedBy;

  /**
   * When a read or write of a task was answered 429: no task is handed out before this (the
   * server's {@code Retry-After}, or a backoff); null when there is no such pause.
   */
  private @Nullable Instant handOutAfter;

  /**
   * A worker, not started.
   *
   * @param settings its settings
   * @param client its client
   * @param handler the user's handler
   * @param whenHandlerFails the user's callback after the handler's attempts, or null
   * @param onStopped told when the worker stops on its own
   * @param shuffle the order of each listing's ids, or null to keep the listing's order
   */
  public Worker(
      WorkerSettings settings,
      LoopClient client,
      StepHandler.Delivered handler,
      @Nullable BiFunction<Task, Exception, StepAction> whenHandlerFails,
      Consumer<CopilotzException> onStopped,
      @Nullable Random shuffle) {
    this.settings = settings;
    this.client = client;
    this.onStopped = onStopped;
    this.name = "copilotz-worker-" + WORKERS.incrementAndGet() + "-step-" + settings.stepId();
    this.slots = new Semaphore(settings.capacity().concurrency());
    TaskQuery.Builder step = TaskQuery.builder().currentStep(settings.stepId());
    if (settings.workflowId() != 0) {
      step.workflow(settings.workflowId());
    }
    At guard = At.step(settings.stepId());
    if (settings.statuses().size() == 1) {
      TaskStatus only = settings.statuses().iterator().next();
      step.status(only);
      guard = guard.withStatus(only);
    }
    this.owner =
        name + "@" + ProcessHandle.current().pid() + "-" + Long.toHexString(OWNERS.nextLong());
    Predicate<Task> heldElsewhere =
        settings.claimTtl() == null
            ? null
            : task -> {
              Claim claim = Claim.on(task, settings.stepId());
              return claim != null && claim.heldByAnotherAt(owner, client.clock().instant());
            };
    this.intake =
        new Intake(
            settings, shuffle, client.clock(), heldElsewhere, this::stop, this::listingEnded);
    this.listing =
        new ListingLoop(
            client,
            OperationName.POLL_TASKS,
            settings.options(),
            step.build(),
            settings.listing().interval(),
            intake,
            SdkLogger.WORKER,
            "A StepWorker of step " + settings.stepId(),
            name + "-listing");
    this.handling =
        new TaskHandling(
            settings, client, handler, whenHandlerFails, guard, intake, counts, this, owner);
  }

  /**
   * Checks the step (and its workflow, when named) on the server, then starts the listing and
   * hand-out threads; the handler threads start as tasks come.
   *
   * @throws IllegalStateException if it was started before, or closed, or its client is closed
   * @throws IllegalArgumentException if the server has no such step, or the step is not the named
   *     workflow's
   * @throws CopilotzException if the step could not be read
   */
  public void start() {
    ensureStartable();
    BlockingRunner check = client.begin(OperationName.GET_STEP, 0, settings.options());
    try {
      check.ended(
          BlockingRunner.join(
              client.operations().checkStep(check, settings.stepId(), settings.workflowId())));
    } catch (RuntimeException e) {
      throw check.failed(e);
    }
    synchronized (lock) {
      ensureStartable();
      started = true;
      int concurrency = settings.capacity().concurrency();
      AtomicInteger threads = new AtomicInteger();
      handlers =
          new ThreadPoolExecutor(
              concurrency,
              concurrency,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              work -> {
                Thread thread = new Thread(work, name + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      handlers.allowCoreThreadTimeOut(true);
      handOut = new Thread(this::handOutLoop, name + "-handout");
      handOut.setDaemon(true);
      handOut.start();
      listing.start();
    }
    SdkLogger.WORKER.info(
        "A StepWorker of step "
            + settings.stepId()
            + " started: concurrency "
            + settings.capacity().concurrency()
            + ", statuses "
            + settings.statuses()
            + (settings.share().count() > 1
                ? ", share " + settings.share().index() + " of " + settings.share().count()
                : "")
            + (settings.claimTtl() != null ? ", claims for " + settings.claimTtl() : ""));
  }

  private void ensureStartable() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("This StepWorker is started already");
      }
      if (closeCalled) {
        throw new IllegalStateException("This StepWorker is closed");
      }
      if (client.closed()) {
        throw new IllegalStateException("This StepWorker's TasksClient is closed");
      }
    }
  }

  // ----- the hand-out thread

  private void handOutLoop() {
    try {
      while (!closing) {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          return;
        }
        long id;
        try {
          id = waitOutRateLimit() ? intake.next() : 0;
        } catch (InterruptedException e) {
          id = 0;
        }
        if (id == 0 || !handOut(id)) {
          slots.release();
          return;
        }
      }
    } finally {
      handOutEnded.countDown();
    }
  }

  /** Hands a task to a handler thread, unless the worker is closing. */
  private boolean handOut(long id) {
    synchronized (lock) {
      if (closing) {
        intake.release(id);
        return false;
      }
      counts.inFlight.incrementAndGet();
      handlers.execute(() -> handle(id));
      return true;
    }
  }

  /**
   * Waits out the pause a 429 on a task's read or write asked for, once; false when the worker
   * closed meanwhile.
   */
  private boolean waitOutRateLimit() {
    Instant until;
    synchronized (lock) {
      until = handOutAfter;
    }
    if (until == null) {
      return true;
    }
    Duration wait = Duration.between(client.clock().instant(), until);
    if (!wait.isNegative() && !wait.isZero() && !pause(wait, true)) {
      return false;
    }
    synchronized (lock) {
      if (until.equals(handOutAfter)) {
        handOutAfter = null;
      }
    }
    return true;
  }

  @Override
  public void holdHandingOut(Duration wait) {
    Instant until = client.clock().instant().plus(wait);
    synchronized (lock) {
      if (handOutAfter == null || until.isAfter(handOutAfter)) {
        handOutAfter = until;
      }
    }
  }

  // ----- a handler thread

  /** Handles one task, observes it, and frees its slot. */
  private void handle(long id) {
    TaskHandling.Outcome outcome = new TaskHandling.Outcome(id);
    BlockingRunner runner = null;
    RuntimeException failure = null;
    try {
      runner = client.begin(OperationName.HANDLE_TASK, id, settings.options());
      outcome.result = handling.work(runner, outcome);
    } catch (CopilotzException e) {
      failure = e;
      outcome.result = StepResult.ERROR;
      if (TaskHandling.stopsTheWorker(e)) {
        stop(e);
      } else if (!closing) {
        SdkLogger.WORKER.warning(
            "A StepWorker could not read or claim task " + id + ": " + e.getMessage());
        if (e instanceof RateLimitException) {
          holdHandingOut(client.retryPolicy().afterReadFailed(e, 1).waitBefore());
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      outcome.result = StepResult.ERROR;
      SdkLogger.WORKER.warning("A StepWorker failed on task " + id, e);
    } finally {
      counts.handled(outcome.result);
      if (runner != null) {
        Observing.taskHandled(runner.operation(), outcome.handled(settings.stepId()));
        if (failure == null) {
          runner.ended(null);
        } else {
          runner.failed(failure);
        }
      }
      intake.release(id);
      counts.inFlight.decrementAndGet();
      slots.release();
    }
  }

  @Override
  public void remember(Task task) {
    intake.remember(task);
  }

  @Override
  public boolean mayStartHandler() {
    synchronized (lock) {
      return !closing;
    }
  }

  @Override
  public boolean closing() {
    return closing;
  }

  @Override
  public boolean pause(Duration wait, boolean endsOnClose) {
    Thread current = Thread.currentThread();
    if (endsOnClose) {
      pausing.add(current);
      if (closing) {
        pausing.remove(current);
        return false;
      }
    }
    try {
      client.sleeper().sleep(wait);
      return !(endsOnClose && closing);
    } catch (InterruptedException e) {
      return false;
    } finally {
      if (endsOnClose) {
        pausing.remove(current);
      }
    }
  }

  // ----- stopping

  /** Stops the worker on its own: no listing or handler starts; running handlers finish. */
  @Override
  public void stop(CopilotzException cause) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      stoppedBy = cause;
      if (handlers != null) {
        handlers.shutdown();
      }
    }
    SdkLogger.WORKER.warning(
        "A StepWorker of step " + settings.stepId() + " stopped: " + cause.getMessage());
    endWaits();
    try {
      onStopped.accept(cause);
    } catch (RuntimeException e) {
      SdkLogger.WORKER.warning("A StepWorker's onStopped listener threw", e);
    }
  }

  /**
   * The listing loop ended: when it ended on its own (its client closed), nothing is handed out.
   */
  private void listingEnded() {
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      if (handlers != null) {
        handlers.shutdown();
      }
    }
    endWaits();
  }

  /**
   * Closes the worker: listing and hand-out stop at once, no handler starts, running handlers get
   * {@code grace} (or the worker's setting) to finish and write; then they are interrupted.
   *
   * @param grace how long running handlers may take, or null for the worker's setting
   */
  public void close(@Nullable Duration grace) {
    ThreadPoolExecutor pool;
    synchronized (lock) {
      if (closeCalled) {
        return;
      }
      closeCalled = true;
      closing = true;
      pool = handlers;
      if (pool == null) {
        return;
      }
      pool.shutdown();
    }
    endWaits();
    Duration wait = grace != null ? grace : settings.shutdownGrace();
    int interrupted = 0;
    try {
      if (!pool.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        interrupted = counts.inFlight.get();
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      interrupted = counts.inFlight.get();
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (interrupted > 0) {
      SdkLogger.WORKER.warning(
          "A StepWorker of step "
              + settings.stepId()
              + " closed with "
              + interrupted
              + " task(s) still being handled after its grace period: they were interrupted,"
              + " and stay at the step to be handed out again");
    }
    SdkLogger.WORKER.info(
        "A StepWorker of step " + settings.stepId() + " closed; it handled " + counts.summary());
  }

  /** Ends the listing loop and the hand-out, and every wait close may end. */
  private void endWaits() {
    intake.close();
    listing.close();
    Thread handOutThread;
    synchronized (lock) {
      handOutThread = handOut;
    }
    if (handOutThread != null && handOutThread != Thread.currentThread()) {
      handOutThread.interrupt();
    }
    for (Thread waiting : pausing) {
      if (waiting != Thread.currentThread()) {
        waiting.interrupt();
      }
    }
  }

  /**
   * Waits until the worker has stopped and its threads have ended.
   *
   * @param timeout the longest wait
   * @return true when it has stopped (or was never started)
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    ThreadPoolExecutor pool;
    synchronized (lock) {
      pool = handlers;
      if (pool == null) {
        return true;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!handOutEnded.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
        || !listing.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      return false;
    }
    return closing
        && pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * The worker's counts, as they stand.
   *
   * @return its stats
   */
  public WorkerStats stats() {
    ListingHealth health = listing.health();
    boolean running;
    synchronized (lock) {
      running = started && !closing;
    }
    CopilotzException stop = stoppedBy;
    return new WorkerStats(
        new ListingHealth(
            running,
            health.listings(),
            health.consecutiveFailures(),
            health.lastListing(),
            stop != null ? Optional.of(stop) : health.lastFailure()),
        counts.handledByResult(),
        counts.handlerExceptions.sum(),
        counts.writeRetries.sum(),
        counts.inFlight.get(),
        intake.waiting());
  }
}
