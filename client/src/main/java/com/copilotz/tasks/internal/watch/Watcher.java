package com.copilotz.tasks.internal.watch;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.WatchHealth;
import com.copilotz.tasks.WatchListener;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.loop.ListingConsumer;
import com.copilotz.tasks.internal.loop.ListingLoop;
import com.copilotz.tasks.internal.loop.LoopClient;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link com.copilotz.tasks.TaskWatch}: a consumer of the {@link ListingLoop} that compares each
 * task with what {@link WatchedTasks} remembers as it is read, hands each change to the listener,
 * one at a time and in order, and asks the loop to wait the interval before the next listing. The
 * next listing waits for the listener: a slow listener delays it and loses nothing. After {@link
 * #close()} returns, the listener is never called again.
 */
public final class Watcher implements ListingConsumer {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final WatchListener listener;
  private final Duration interval;
  private final boolean reportExisting;
  private final @Nullable Executor listenerExecutor;
  private final WatchedTasks tasks = new WatchedTasks();
  private final ListingLoop loop;

  /** Held while the listener is called: close() takes it to wait out a call in progress. */
  private final ReentrantLock calling = new ReentrantLock();

  private volatile boolean closed;
  private volatile int watched;
  private boolean listedOnce;
  private boolean reporting;

  /**
   * A watch, not started.
   *
   * @param client the client it lists with
   * @param query what it watches
   * @param options the options of its listings
   * @param listener told of the changes, failures and the stop
   * @param interval the wait between listings
   * @param reportExisting whether the first listing reports every task as appeared
   * @param listenerExecutor runs the listener, or null to run it on the watch's thread
   */
  public Watcher(
      LoopClient client,
      TaskQuery query,
      RequestOptions options,
      WatchListener listener,
      Duration interval,
      boolean reportExisting,
      @Nullable Executor listenerExecutor) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.interval = interval;
    this.reportExisting = reportExisting;
    this.listenerExecutor = listenerExecutor;
    this.loop =
        new ListingLoop(
            client,
            OperationName.WATCH_TASKS,
            options,
            query,
            interval,
            this,
            SdkLogger.WATCH,
            "A TaskWatch",
            "copilotz-watch-" + THREADS.incrementAndGet());
  }

  /** Starts the watch's loop on a daemon thread of its own. */
  public void start() {
    loop.start();
  }

  /**
   * Makes one listing and hands its changes to the listener, on the calling thread: what a
   * benchmark measures.
   *
   * @throws CopilotzException if the listing fails
   */
  public void listOnce() {
    loop.listOnce();
    listingEnded();
  }

  @Override
  public void listingBegins() {
    reporting = reportExisting || listedOnce;
    tasks.beginListing();
  }

  @Override
  public void take(Task task) {
    tasks.take(task, reporting, this::deliver);
  }

  @Override
  public Duration listingEnded() {
    tasks.endListing(this::deliver);
    listedOnce = true;
    watched = tasks.size();
    return interval;
  }

  @Override
  public void listingFailed(CopilotzException failure) {
    call(() -> listener.onListingFailed(failure));
  }

  @Override
  public void stopped(CopilotzException cause) {
    call(() -> listener.onStopped(cause));
  }

  /** Hands one event to the listener, and waits until it has taken it. */
  private void deliver(TaskEvent event) {
    call(() -> listener.onEvent(event));
    if (closed) {
      throw new ListingLoop.Stopped();
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
            SdkLogger.WATCH.warning("A TaskWatch listener threw; the watch goes on", e);
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
      throw new ListingLoop.Stopped();
    } catch (ExecutionException e) {
      // guarded catches what the listener throws; an executor that refuses ends here.
      SdkLogger.WATCH.warning("The TaskWatch listener's executor failed; the watch goes on", e);
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
    loop.close();
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
    return loop.join(timeout);
  }

  /**
   * The health of the watch, as it stands.
   *
   * @return how its listings fare, and the tasks it watches
   */
  public WatchHealth health() {
    return new WatchHealth(loop.health(), watched);
  }

  /**
   * The tasks the watch remembers, for the benchmark's heap figure.
   *
   * @return the remembered tasks
   */
  public WatchedTasks tasks() {
    return tasks;
  }
}
