package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.At;
import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepHandler;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The mechanics of a {@link StepWorker}: a poll thread that takes a handler slot, then the next id
 * its last listing found (listing again when none is left, waiting with backoff when a listing
 * finds nothing), and hands the id to one of the handler threads; and, on that thread, the handling
 * of one task: the read that checks it is still at the step, the handler and its retries, the guard
 * read when the handler took long, and the write and its retries.
 *
 * <p>What it holds: the ids in flight (at most the concurrency), the ids listed and not yet handed
 * out (a ring of fixed capacity), the ids whose handling ended while a listing was under way (that
 * listing may predate their write), and the ids of the tasks it left unwritten (until they change
 * or leave the step): none of it grows with the number of tasks handled.
 */
public final class WorkerLoop {
  private static final AtomicInteger WORKERS = new AtomicInteger();

  /** The jitter of the wait after an empty listing. */
  private static final double IDLE_JITTER = 0.2;

  /** What the loop needs of its client. */
  public interface Calls {
    /**
     * Opens one listing, observed as {@code pollTasks}.
     *
     * @param query the step's tasks
     * @return the tasks, read as they arrive
     */
    Stream<Task> list(TaskQuery query);

    /**
     * Begins the handling of one task, observed as {@code handleTask}.
     *
     * @param taskId the task's id
     * @return the runner of its calls, which carries its observation
     */
    BlockingRunner begin(long taskId);

    /**
     * The client's operations, for the reads and writes.
     *
     * @return the operations
     */
    Operations operations();

    /**
     * Whether the client is closed.
     *
     * @return true once closed
     */
    boolean clientClosed();
  }

  private final WorkerSettings settings;
  private final Calls calls;
  private final StepHandler handler;
  private final BiFunction<Task, Exception, StepAction> whenHandlerFails;
  private final Consumer<CopilotzException> onStopped;
  private final Sleeper sleeper;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final TaskQuery query;
  private final At guard;
  private final String name;

  private final Semaphore slots;
  private final TaskBacklog backlog;
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();

  /** The tasks left unwritten, by id: their {@code updatedAt} (epoch ms) when they were left. */
  private final Map<Long, Long> left = new ConcurrentHashMap<>();

  /**
   * The ids whose handling ended while a listing was under way: the listing may show them as they
   * were before this worker's write, so they are not taken from it.
   */
  private final Set<Long> endedWhileListing = ConcurrentHashMap.newKeySet();

  private volatile boolean listing;

  /**
   * When a read or write of a task was answered 429: no task is handed out before this (the
   * server's {@code Retry-After}, or a backoff); null when there is no such pause.
   */
  private Instant handOutAfter;

  /** The threads in a wait that close() ends: the poll thread's, and handler retries'. */
  private final Set<Thread> pausing = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private final CountDownLatch pollerEnded = new CountDownLatch(1);
  private ThreadPoolExecutor handlers;
  private Thread poller;
  private boolean started;
  private boolean closeCalled;
  private volatile boolean closing;

  private final AtomicLong polls = new AtomicLong();
  private volatile int consecutivePollFailures;
  private volatile Instant lastPoll;
  private volatile CopilotzException lastFailure;
  private volatile CopilotzException stoppedBy;
  private int idlePolls;
  private final LongAdder[] handled = new LongAdder[StepWorker.Result.values().length];
  private final LongAdder handlerExceptions = new LongAdder();
  private final LongAdder writeRetries = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * A worker's loop, not started.
   *
   * @param settings its settings
   * @param calls what it needs of its client
   * @param handler the user's handler
   * @param whenHandlerFails the user's callback after the handler's attempts, or null
   * @param onStopped told when the worker stops on its own
   * @param sleeper waits between listings and before retries
   * @param retryPolicy weighs failed calls
   * @param clock tells lags, handler times and guard ages
   */
  public WorkerLoop(
      WorkerSettings settings,
      Calls calls,
      StepHandler handler,
      BiFunction<Task, Exception, StepAction> whenHandlerFails,
      Consumer<CopilotzException> onStopped,
      Sleeper sleeper,
      RetryPolicy retryPolicy,
      Clock clock) {
    this.settings = settings;
    this.calls = calls;
    this.handler = handler;
    this.whenHandlerFails = whenHandlerFails;
    this.onStopped = onStopped;
    this.sleeper = sleeper;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    TaskQuery.Builder step = TaskQuery.builder().currentStep(settings.stepId());
    At at = At.step(settings.stepId());
    if (settings.statuses().size() == 1) {
      TaskStatus only = settings.statuses().iterator().next();
      step.status(only);
      at = at.withStatus(only);
    }
    this.query = step.build();
    this.guard = at;
    this.name = "copilotz-worker-" + WORKERS.incrementAndGet() + "-step-" + settings.stepId();
    this.slots = new Semaphore(settings.concurrency());
    this.backlog = new TaskBacklog(settings.backlogCapacity());
    for (int i = 0; i < handled.length; i++) {
      handled[i] = new LongAdder();
    }
  }

  /** Starts the poll thread; the handler threads start as tasks come. */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("This StepWorker is started already");
      }
      if (closeCalled) {
        throw new IllegalStateException("This StepWorker is closed");
      }
      if (calls.clientClosed()) {
        throw new IllegalStateException("This StepWorker's TasksClient is closed");
      }
      started = true;
      AtomicInteger threads = new AtomicInteger();
      handlers =
          new ThreadPoolExecutor(
              settings.concurrency(),
              settings.concurrency(),
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              work -> {
                Thread thread = new Thread(work, name + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      handlers.allowCoreThreadTimeOut(true);
      poller = new Thread(this::pollLoop, name + "-poll");
      poller.setDaemon(true);
      poller.start();
    }
  }

  // ----- the poll thread

  private void pollLoop() {
    try {
      while (!closing) {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          return;
        }
        long id = nextTask();
        if (id == 0 || !handOut(id)) {
          slots.release();
          return;
        }
      }
    } finally {
      pollerEnded.countDown();
    }
  }

  /** Hands a task to a handler thread, unless the worker is closing. */
  private boolean handOut(long id) {
    synchronized (lock) {
      if (closing) {
        return false;
      }
      claimed.add(id);
      inFlight.incrementAndGet();
      handlers.execute(() -> handle(id));
      return true;
    }
  }

  /** The next task to hand out, listing (and waiting) when none is left; 0 when closing. */
  private long nextTask() {
    while (!closing) {
      if (!waitOutRateLimit()) {
        return 0;
      }
      long id;
      while ((id = backlog.poll()) != 0) {
        if (!claimed.contains(id)) {
          return id;
        }
      }
      Duration wait;
      try {
        if (listOnce() > 0) {
          continue;
        }
        idlePolls = Math.min(idlePolls + 1, 30);
        wait = idleWait(idlePolls);
      } catch (Closed closed) {
        return 0;
      } catch (CopilotzException failure) {
        if (closing) {
          return 0;
        }
        if (stopsTheWorker(failure)) {
          stop(failure);
          return 0;
        }
        wait = afterPollFailed(failure);
      } catch (RuntimeException unexpected) {
        if (closing) {
          return 0;
        }
        if (calls.clientClosed()) {
          stop(new CopilotzException("The StepWorker's TasksClient was closed", unexpected));
          return 0;
        }
        wait =
            afterPollFailed(new CopilotzException("A listing failed: " + unexpected, unexpected));
      }
      if (!pause(wait, true)) {
        return 0;
      }
    }
    return 0;
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
    Duration wait = Duration.between(clock.instant(), until);
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

  /** After a 429 on a task's read or write: hands out no task for {@code wait}. */
  private void holdHandingOut(Duration wait) {
    Instant until = clock.instant().plus(wait);
    synchronized (lock) {
      if (handOutAfter == null || until.isAfter(handOutAfter)) {
        handOutAfter = until;
      }
    }
  }

  /**
   * Lists the step's tasks and keeps the ids of those this worker may hand out: in its share, with
   * a status it handles, not in flight, not left unchanged. Forgets the left tasks that have left
   * the step.
   *
   * @return how many ids it kept
   */
  private int listOnce() {
    polls.incrementAndGet();
    Set<Long> leftBefore = new HashSet<>(left.keySet());
    Set<Long> leftSeen = new HashSet<>();
    int found = 0;
    endedWhileListing.clear();
    listing = true;
    try (Stream<Task> answer = calls.list(query)) {
      Iterator<Task> tasks = answer.iterator();
      while (tasks.hasNext()) {
        if (closing) {
          throw new Closed();
        }
        Task task = tasks.next();
        Long id = task.getId();
        if (id == null
            || id <= 0
            || !settings.owns(id)
            || !atStep(task)
            || claimed.contains(id)
            || endedWhileListing.contains(id)) {
          continue;
        }
        Long leftAt = left.get(id);
        if (leftAt != null) {
          if (leftAt == stamp(task)) {
            leftSeen.add(id);
            continue;
          }
          left.remove(id, leftAt);
        }
        if (backlog.offer(id)) {
          found++;
        }
      }
    } finally {
      listing = false;
      endedWhileListing.clear();
    }
    leftBefore.removeAll(leftSeen);
    left.keySet().removeAll(leftBefore);
    lastPoll = clock.instant();
    consecutivePollFailures = 0;
    lastFailure = null;
    if (found > 0) {
      idlePolls = 0;
    }
    return found;
  }

  /** The wait after the n-th listing in a row that found nothing: doubling, capped, jittered. */
  private Duration idleWait(int emptyListings) {
    Duration wait = settings.pollInterval();
    for (int i = 1; i < emptyListings && wait.compareTo(settings.maxPollInterval()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    if (wait.compareTo(settings.maxPollInterval()) > 0) {
      wait = settings.maxPollInterval();
    }
    return RetryPolicy.jittered(wait, IDLE_JITTER);
  }

  /** Counts a failed listing and returns the wait before the next: Retry-After or a backoff. */
  private Duration afterPollFailed(CopilotzException failure) {
    int failures = consecutivePollFailures + 1;
    consecutivePollFailures = failures;
    lastFailure = failure;
    Duration wait = retryPolicy.afterListingFailed(failure, failures, settings.pollInterval());
    SdkLogger.WORKER.warning(
        "A StepWorker listing of step "
            + settings.stepId()
            + " failed ("
            + failures
            + " in a row); the next one in "
            + wait.toMillis()
            + " ms: "
            + failure.getMessage());
    return wait;
  }

  // ----- a handler thread

  /** Handles one task, observes it, and frees its slot. */
  private void handle(long id) {
    Handling handling = new Handling(id);
    BlockingRunner run = null;
    RuntimeException failure = null;
    try {
      run = calls.begin(id);
      handling.result = work(run, handling);
    } catch (CopilotzException e) {
      failure = e;
      handling.result = StepWorker.Result.ERROR;
      if (stopsTheWorker(e)) {
        stop(e);
      } else if (!closing) {
        SdkLogger.WORKER.warning("A StepWorker could not read task " + id + ": " + e.getMessage());
        if (e instanceof RateLimitException) {
          holdHandingOut(retryPolicy.afterReadFailed(e, 1).waitBefore());
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      handling.result = StepWorker.Result.ERROR;
      SdkLogger.WORKER.warning("A StepWorker failed on task " + id + ": " + e);
    } finally {
      handled[handling.result.ordinal()].increment();
      if (run != null) {
        Observing.taskHandled(run.operation(), handling.done());
        if (failure == null) {
          run.ended(null);
        } else {
          run.failed(failure);
        }
      }
      // Before the claim ends: a listing under way sees the task claimed, or ended during it.
      if (listing) {
        endedWhileListing.add(id);
      }
      claimed.remove(id);
      inFlight.decrementAndGet();
      slots.release();
    }
  }

  /** What one task's handling came to, for the observer. */
  private final class Handling {
    final long id;
    StepWorker.Result result = StepWorker.Result.ABANDONED;
    int attempts;
    Duration handlerTime = Duration.ZERO;
    Duration lag;

    Handling(long id) {
      this.id = id;
    }

    StepWorker.Handled done() {
      return new StepWorker.Handled(
          id, settings.stepId(), result, attempts, handlerTime, Optional.ofNullable(lag));
    }
  }

  /** Reads the task, runs the handler (and its retries), and writes what it decided. */
  private StepWorker.Result work(BlockingRunner run, Handling handling) {
    long id = handling.id;
    Task task = read(run, id);
    if (task == null || !atStep(task)) {
      return StepWorker.Result.MOVED;
    }
    Instant readAt = clock.instant();
    if (task.getUpdatedAt() != null) {
      Duration lag = Duration.between(task.getUpdatedAt().toInstant(), readAt);
      handling.lag = lag.isNegative() ? Duration.ZERO : lag;
    }
    StepAction action;
    while (true) {
      if (!mayStartHandler()) {
        return StepWorker.Result.ABANDONED;
      }
      handling.attempts++;
      Instant began = clock.instant();
      Exception thrown = null;
      StepAction decided = null;
      try {
        decided = handler.handle(task);
      } catch (Exception e) {
        thrown = e;
      }
      handling.handlerTime = handling.handlerTime.plus(Duration.between(began, clock.instant()));
      if (thrown == null && decided == null) {
        thrown = new IllegalStateException("The StepHandler returned null for task " + id);
      }
      if (thrown == null) {
        action = decided;
        break;
      }
      handlerExceptions.increment();
      if (closing && (thrown instanceof InterruptedException || Thread.interrupted())) {
        return StepWorker.Result.ABANDONED;
      }
      SdkLogger.WORKER.warning(
          "A StepHandler threw on task "
              + id
              + " (attempt "
              + handling.attempts
              + " of "
              + settings.maxAttempts()
              + "): "
              + thrown);
      if (handling.attempts >= settings.maxAttempts()) {
        action = afterAttempts(task, thrown);
        if (action == null) {
          remember(task);
          return StepWorker.Result.ERROR;
        }
        break;
      }
      if (!pause(RetryPolicy.backoff(handling.attempts), true)) {
        return StepWorker.Result.ABANDONED;
      }
      task = read(run, id);
      if (task == null || !atStep(task)) {
        return StepWorker.Result.MOVED;
      }
      readAt = clock.instant();
    }
    if (action.kind() == StepAction.Kind.LEAVE) {
      remember(task);
      return StepWorker.Result.LEFT;
    }
    boolean fresh =
        Duration.between(readAt, clock.instant()).compareTo(settings.maxGuardAge()) <= 0;
    return write(run, id, fresh ? task : null, action);
  }

  /** What becomes of a task after the handler's last attempt failed; null when nothing can. */
  private StepAction afterAttempts(Task task, Exception thrown) {
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
              + "; the task is left as it is: "
              + e);
      return null;
    }
  }

  /**
   * Writes the action with the guarded move, from {@code asRead} (or a fresh read when it is null),
   * again after a failure that may pass, each time after a fresh read, until it lands, the task is
   * elsewhere, or the failure does not pass.
   */
  private StepWorker.Result write(BlockingRunner run, long id, Task asRead, StepAction action) {
    Task task = asRead;
    int repeat = 0;
    while (true) {
      try {
        if (task == null) {
          task = read(run, id);
          if (task == null || !atStep(task)) {
            return StepWorker.Result.MOVED;
          }
        }
        BlockingRunner.join(calls.operations().moveAsRead(run, task, guard, action));
        return resultOf(action.kind());
      } catch (TaskMovedException | NotFoundException elsewhere) {
        return StepWorker.Result.MOVED;
      } catch (CopilotzException failure) {
        if (stopsTheWorker(failure)) {
          stop(failure);
          return StepWorker.Result.ERROR;
        }
        RetryPolicy.Decision decision = retryPolicy.afterReadFailed(failure, ++repeat);
        if (!decision.retries()) {
          SdkLogger.WORKER.warning(
              "A StepWorker could not write "
                  + action
                  + " on task "
                  + id
                  + "; it is left at the step: "
                  + failure.getMessage());
          if (task != null) {
            remember(task);
          }
          return StepWorker.Result.ERROR;
        }
        writeRetries.increment();
        if (failure instanceof RateLimitException) {
          holdHandingOut(decision.waitBefore());
        }
        SdkLogger.WORKER.warning(
            "A StepWorker's write of "
                + action
                + " on task "
                + id
                + " failed; tried again in "
                + decision.waitBefore().toMillis()
                + " ms: "
                + failure.getMessage());
        if (!pause(decision.waitBefore(), false)) {
          return StepWorker.Result.ABANDONED;
        }
        task = null;
      }
    }
  }

  private static StepWorker.Result resultOf(StepAction.Kind kind) {
    switch (kind) {
      case ADVANCE:
        return StepWorker.Result.ADVANCED;
      case COMPLETE:
        return StepWorker.Result.COMPLETED;
      case FAIL:
        return StepWorker.Result.FAILED;
      case PENDING:
        return StepWorker.Result.PENDING;
      default:
        return StepWorker.Result.LEFT;
    }
  }

  /** Reads a task; null when it is gone. */
  private Task read(BlockingRunner run, long id) {
    try {
      return run.call(Operations.GET_TASK, calls.operations(), id, null);
    } catch (NotFoundException gone) {
      return null;
    }
  }

  /** Whether a task is at the worker's step with a status it handles. */
  private boolean atStep(Task task) {
    return task.getCurrentStep() != null
        && task.getCurrentStep() == settings.stepId()
        && task.getStatus() != null
        && settings.statuses().contains(task.getStatus());
  }

  /** Keeps a task the worker left unwritten from being handed out again until it changes. */
  private void remember(Task task) {
    left.put(task.getId(), stamp(task));
  }

  private static long stamp(Task task) {
    return task.getUpdatedAt() == null
        ? Long.MIN_VALUE
        : task.getUpdatedAt().toInstant().toEpochMilli();
  }

  /** False once the worker is closing: no handler starts then. */
  private boolean mayStartHandler() {
    synchronized (lock) {
      return !closing;
    }
  }

  /**
   * Waits, on the sleeper; false when the wait was ended (by close, when {@code endsOnClose}, or by
   * the end of the grace period).
   */
  private boolean pause(Duration wait, boolean endsOnClose) {
    Thread current = Thread.currentThread();
    if (endsOnClose) {
      pausing.add(current);
      if (closing) {
        pausing.remove(current);
        return false;
      }
    }
    try {
      sleeper.sleep(wait);
      return !(endsOnClose && closing);
    } catch (InterruptedException e) {
      return false;
    } finally {
      if (endsOnClose) {
        pausing.remove(current);
      }
    }
  }

  private static boolean stopsTheWorker(CopilotzException failure) {
    return failure instanceof AuthenticationException
        || failure instanceof PermissionDeniedException;
  }

  // ----- stopping

  /** Stops the worker on its own: no listing or handler starts; running handlers finish. */
  private void stop(CopilotzException cause) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      stoppedBy = cause;
      lastFailure = cause;
      handlers.shutdown();
    }
    SdkLogger.WORKER.warning(
        "A StepWorker of step " + settings.stepId() + " stopped: " + cause.getMessage());
    interruptWaits();
    try {
      onStopped.accept(cause);
    } catch (RuntimeException e) {
      SdkLogger.WORKER.warning("A StepWorker's onStopped listener threw: " + e);
    }
  }

  /**
   * Closes the worker: see {@link StepWorker#close(Duration)}.
   *
   * @param grace how long running handlers may take, or null for the worker's setting
   */
  public void close(Duration grace) {
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
    interruptWaits();
    Duration wait = grace != null ? grace : settings.shutdownGrace();
    try {
      if (pool.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int running = inFlight.get();
    pool.shutdownNow();
    if (running > 0) {
      SdkLogger.WORKER.warning(
          "A StepWorker of step "
              + settings.stepId()
              + " closed with "
              + running
              + " task(s) still being handled after its grace period: they were interrupted,"
              + " and stay at the step to be handed out again");
    }
  }

  private void interruptWaits() {
    Thread pollThread;
    synchronized (lock) {
      pollThread = poller;
    }
    if (pollThread != null && pollThread != Thread.currentThread()) {
      pollThread.interrupt();
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
    if (!pollerEnded.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
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
  public StepWorker.Stats stats() {
    Map<StepWorker.Result, Long> counts = new EnumMap<>(StepWorker.Result.class);
    for (StepWorker.Result result : StepWorker.Result.values()) {
      counts.put(result, handled[result.ordinal()].sum());
    }
    boolean running;
    synchronized (lock) {
      running = started && !closing;
    }
    CopilotzException failure = stoppedBy != null ? stoppedBy : lastFailure;
    return new StepWorker.Stats(
        running,
        polls.get(),
        consecutivePollFailures,
        Optional.ofNullable(lastPoll),
        Optional.ofNullable(failure),
        counts,
        handlerExceptions.sum(),
        writeRetries.sum(),
        inFlight.get(),
        backlog.size());
  }

  /** Ends a listing because the worker is closing. */
  private static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super(null, null, false, false);
    }
  }
}
