package com.copilotz.tasks.internal.watch;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The loop of a {@link TaskWatch}, on a thread of its own: lists the query, compares each task with
 * what {@link WatchedTasks} remembers as it is read, hands each change to the listener, one at a
 * time and in order, and waits the interval before the next listing. The next listing waits for the
 * listener: a slow listener delays it and loses nothing. A listing that fails is reported and tried
 * again after a backoff (or the server's {@code Retry-After}); an authentication or permission
 * failure stops the watch. After {@link #close()} returns, the listener is never called again.
 */
public final class Watcher {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Supplier<Stream<Task>> listing;
  private final BooleanSupplier clientClosed;
  private final TaskWatch.Listener listener;
  private final Duration interval;
  private final boolean reportExisting;
  private final Executor listenerExecutor;
  private final Sleeper sleeper;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final WatchedTasks tasks = new WatchedTasks();

  /** Held while the listener is called: close() takes it to wait out a call in progress. */
  private final ReentrantLock calling = new ReentrantLock();

  private volatile boolean closed;
  private volatile boolean running;
  private volatile Instant lastListing;
  private volatile int consecutiveFailures;
  private volatile CopilotzException lastFailure;
  private volatile int watched;
  private boolean listedOnce;
  private Thread thread;

  /**
   * A watch loop, not started.
   *
   * @param listing opens one listing of the query, as an observed operation
   * @param clientClosed whether the client the listings are made with is closed (the watch then
   *     stops)
   * @param listener told of the changes, failures and the stop
   * @param interval the wait between listings
   * @param reportExisting whether the first listing reports every task as appeared
   * @param listenerExecutor runs the listener, or null to run it on the watch's thread
   * @param sleeper waits between listings
   * @param retryPolicy weighs a failed listing
   * @param clock tells when a listing ended
   */
  public Watcher(
      Supplier<Stream<Task>> listing,
      BooleanSupplier clientClosed,
      TaskWatch.Listener listener,
      Duration interval,
      boolean reportExisting,
      Executor listenerExecutor,
      Sleeper sleeper,
      RetryPolicy retryPolicy,
      Clock clock) {
    this.listing = listing;
    this.clientClosed = clientClosed;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.interval = interval;
    this.reportExisting = reportExisting;
    this.listenerExecutor = listenerExecutor;
    this.sleeper = sleeper;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
  }

  /** Starts the loop on a daemon thread of its own. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the watch is started already");
    }
    running = true;
    thread = new Thread(this::loop, "copilotz-watch-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (!closed) {
        Duration wait;
        try {
          listOnce();
          wait = interval;
        } catch (Closed stop) {
          return;
        } catch (CopilotzException failure) {
          if (closed) {
            return;
          }
          if (failure instanceof AuthenticationException
              || failure instanceof PermissionDeniedException) {
            stop(failure);
            return;
          }
          wait = afterFailure(failure);
        } catch (RuntimeException unexpected) {
          if (clientClosed.getAsBoolean()) {
            SdkLogger.WATCH.warning("A TaskWatch stopped: its TasksClient is closed");
            closed = true;
            return;
          }
          wait = afterFailure(new CopilotzException("A listing failed: " + unexpected, unexpected));
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      running = false;
    }
  }

  /** Reports a failed listing and returns the wait before the next one. */
  private Duration afterFailure(CopilotzException failure) {
    int failures = consecutiveFailures + 1;
    consecutiveFailures = failures;
    lastFailure = failure;
    Duration wait = retryPolicy.afterListingFailed(failure, failures, interval);
    SdkLogger.WATCH.warning(
        "A TaskWatch listing failed ("
            + failures
            + " in a row); the next one in "
            + wait.toMillis()
            + " ms: "
            + failure.getMessage());
    call(() -> listener.onListingFailed(failure));
    return wait;
  }

  private void stop(CopilotzException cause) {
    lastFailure = cause;
    consecutiveFailures = consecutiveFailures + 1;
    SdkLogger.WATCH.warning("A TaskWatch stopped: " + cause.getMessage());
    call(() -> listener.onStopped(cause));
    closed = true;
  }

  /**
   * Makes one listing and hands its changes to the listener: the loop's step, which a benchmark may
   * also call on its own thread.
   *
   * @throws CopilotzException if the listing fails; what was compared before the failure is kept
   */
  public void listOnce() {
    boolean report = reportExisting || listedOnce;
    tasks.beginListing();
    try (Stream<Task> stream = listing.get()) {
      Iterator<Task> listed = stream.iterator();
      while (listed.hasNext()) {
        if (closed) {
          throw new Closed();
        }
        tasks.take(listed.next(), report, this::deliver);
      }
    }
    tasks.endListing(this::deliver);
    listedOnce = true;
    watched = tasks.size();
    lastListing = clock.instant();
    consecutiveFailures = 0;
    lastFailure = null;
  }

  /** Hands one event to the listener, and waits until it has taken it. */
  private void deliver(TaskEvent event) {
    call(() -> listener.onEvent(event));
    if (closed) {
      throw new Closed();
    }
  }

  /**
   * Calls the listener, on the watch's thread or the listener's executor, unless the watch is
   * closed; an exception the listener throws is logged, and the watch goes on.
   */
  private void call(Runnable call) {
    Runnable guarded =
        () -> {
          calling.lock();
          try {
            if (!closed) {
              call.run();
            }
          } catch (RuntimeException e) {
            SdkLogger.WATCH.warning("A TaskWatch listener threw; the watch goes on: " + e);
          } finally {
            calling.unlock();
          }
        };
    if (listenerExecutor == null) {
      guarded.run();
      return;
    }
    CompletableFuture<Void> taken = CompletableFuture.runAsync(guarded, listenerExecutor);
    try {
      taken.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Closed();
    } catch (ExecutionException e) {
      // guarded catches what the listener throws; an executor that refuses ends here.
      SdkLogger.WATCH.warning("The TaskWatch listener's executor failed; the watch goes on: " + e);
    }
  }

  /**
   * Stops the watch: no listing starts after this, the wait between listings ends, and a call of
   * the listener in progress is waited for, so that after this returns the listener is never called
   * again. A listing in flight is abandoned (its thread ends when its read does). Called from the
   * listener itself, it returns at once.
   */
  public void close() {
    closed = true;
    Thread loop;
    synchronized (this) {
      loop = thread;
    }
    if (loop != null && loop != Thread.currentThread()) {
      loop.interrupt();
    }
    calling.lock();
    calling.unlock();
  }

  /**
   * Waits for the watch's thread to end, for at most {@code timeout}.
   *
   * @param timeout the longest wait
   * @return true when the thread has ended (or never started)
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean join(Duration timeout) throws InterruptedException {
    Thread loop;
    synchronized (this) {
      loop = thread;
    }
    if (loop == null) {
      return true;
    }
    loop.join(timeout.toMillis());
    return !loop.isAlive();
  }

  /**
   * The health of the watch, as it stands.
   *
   * @return whether it runs, its last good listing, its failures, the tasks it watches
   */
  public TaskWatch.Health health() {
    return new TaskWatch.Health(
        running && !closed,
        Optional.ofNullable(lastListing),
        consecutiveFailures,
        Optional.ofNullable(lastFailure),
        watched);
  }

  /**
   * The tasks the watch remembers, for the benchmark's heap figure.
   *
   * @return the remembered tasks
   */
  public WatchedTasks tasks() {
    return tasks;
  }

  /** Ends a listing because the watch was closed. */
  private static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super(null, null, false, false);
    }
  }
}
